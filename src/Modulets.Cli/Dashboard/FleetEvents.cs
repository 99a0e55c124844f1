using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Modulets.Cli.Servers;
using Modulets.Control;

namespace Modulets.Cli.Dashboard;

/// <summary>
/// The fleet page's one event stream: a <c>changed</c> event naming the server each time one of the servers' own
/// streams says something (or breaks, or comes back), so the page rereads the fleet without holding a connection to
/// every server itself (browsers allow only a few per site).
/// </summary>
internal static class FleetEvents
{
    public const string Changed = "changed";

    public static async IAsyncEnumerable<SseItem<string>> ReadAsync(IReadOnlyList<ControlServer> servers, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<SseItem<string>>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var followers = servers.Select((server, index) => EventFollower.FollowAsync(
            server,
            item => channel.Writer.TryWrite(Item(index, item.EventType)),
            (_, _) => channel.Writer.TryWrite(Item(index, "disconnected")),
            stop.Token)).ToList();
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(followers).ConfigureAwait(false);
        }
    }

    private static SseItem<string> Item(int server, string type) =>
        new(JsonSerializer.Serialize(new { Server = server, Type = type }, ControlJson.Options), Changed);
}
