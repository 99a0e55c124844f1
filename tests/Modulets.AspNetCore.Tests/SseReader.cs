using System.Net.ServerSentEvents;
using System.Text.Json;

namespace Modulets.AspNetCore.Tests;

/// <summary>Reads a Server-Sent Events stream with the runtime's own parser.</summary>
public sealed class SseReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly IAsyncEnumerator<SseItem<string>> _items;

    private SseReader(HttpResponseMessage response, Stream stream, CancellationToken cancellationToken)
    {
        _response = response;
        _items = SseParser.Create(stream).EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
    }

    public static async Task<SseReader> OpenAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        return new SseReader(response, await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken);
    }

    public async Task<(string Type, JsonElement Data)> NextAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!await _items.MoveNextAsync())
        {
            throw new InvalidOperationException("The event stream ended.");
        }

        return (_items.Current.EventType, JsonDocument.Parse(_items.Current.Data).RootElement.Clone());
    }

    /// <summary>Reads events up to and including the first that matches.</summary>
    public async Task<List<(string Type, JsonElement Data)>> UntilAsync(Func<(string Type, JsonElement Data), bool> last, CancellationToken cancellationToken)
    {
        var seen = new List<(string, JsonElement)>();
        while (true)
        {
            var next = await NextAsync(cancellationToken);
            seen.Add(next);
            if (last(next))
            {
                return seen;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _response.Dispose();
        try
        {
            await _items.DisposeAsync();
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
