using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Modulets.Control;

namespace Modulets.Cli;

/// <summary>One server the console talks to: a local process over its control socket, or a remote host over HTTP(S).</summary>
internal sealed class ControlServer : IDisposable
{
    private readonly HttpClient _http;
    private readonly Func<SocketsHttpHandler> _createHandler;
    private readonly string? _token;

    private ControlServer(string name, Uri baseAddress, string? token, Func<SocketsHttpHandler> createHandler)
    {
        Name = name;
        BaseAddress = baseAddress;
        _token = token;
        _createHandler = createHandler;
        _http = new HttpClient(createHandler()) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Authorize(_http.DefaultRequestHeaders);
    }

    /// <summary>Gets how the server is shown: <c>pid 4242</c>, a socket path, or a URL.</summary>
    public string Name { get; }

    /// <summary>Gets the prefix of the server's control API and dashboard, with its final slash (<c>http://localhost/modulets/</c> over a socket).</summary>
    public Uri BaseAddress { get; }

    /// <summary>Opens a server from a <c>--server</c> value: a process id, a socket path, or an http(s) URL of the API's prefix.</summary>
    public static ControlServer Open(string target, string? token)
    {
        if (int.TryParse(target, NumberStyles.None, CultureInfo.InvariantCulture, out var processId))
        {
            return OverSocket($"pid {processId}", ControlSocketPaths.GetSocketPath(processId));
        }

        if (Uri.TryCreate(target, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            if (uri.UserInfo.Length > 0)
            {
                throw new UsageException($"--server '{uri.Scheme}://{uri.Authority}{uri.AbsolutePath}': put no credentials in the URL; give a token with --token or MODULETS_TOKEN.");
            }

            if (token is { Length: > 0 } && uri.Scheme == "http" && !uri.IsLoopback)
            {
                throw new UsageException($"--server {uri.GetLeftPart(UriPartial.Path)}: a token is sent over https only (or to a loopback address), never in clear text over the network.");
            }

            return new ControlServer(uri.GetLeftPart(UriPartial.Path).TrimEnd('/'), new Uri(uri.AbsoluteUri.TrimEnd('/') + "/"), token is { Length: > 0 } ? token : null, static () => new SocketsHttpHandler());
        }

        if (target.Contains('/', StringComparison.Ordinal) || File.Exists(target))
        {
            return OverSocket(ControlSocketPaths.TryGetProcessId(target, out var pid) ? $"pid {pid}" : target, Path.GetFullPath(target));
        }

        throw new UsageException($"--server '{target}' is neither a process id, a socket path nor an http(s) URL.");
    }

    public static ControlServer OverSocket(string name, string socketPath) =>
        new(name, ControlSocketHttp.BaseAddress, token: null, () => ControlSocketHttp.CreateHandler(socketPath));

    /// <summary>Creates a client for forwarding a browser's requests to the server as they are (no redirects followed, no cookies kept).</summary>
    public HttpMessageInvoker CreateForwardingClient()
    {
        var handler = _createHandler();
        handler.AllowAutoRedirect = false;
        handler.UseCookies = false;
        handler.UseProxy = false;
        handler.AutomaticDecompression = System.Net.DecompressionMethods.None;
        return new HttpMessageInvoker(handler);
    }

    /// <summary>Adds the server's credentials (its bearer token, for an https server) to a request's headers.</summary>
    public void Authorize(HttpRequestHeaders headers)
    {
        if (_token is not null)
        {
            headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        }
    }

    public Task<List<ManagerStatus>> GetManagersAsync(CancellationToken cancellationToken) => SendAsync<List<ManagerStatus>>(HttpMethod.Get, "api/managers", null, cancellationToken);

    public Task<List<VersionStatus>> GetVersionsAsync(string manager, CancellationToken cancellationToken) => SendAsync<List<VersionStatus>>(HttpMethod.Get, $"{ManagerPath(manager)}/versions", null, cancellationToken);

    public Task<ManagerTimeline> GetTimelineAsync(string manager, CancellationToken cancellationToken) => SendAsync<ManagerTimeline>(HttpMethod.Get, $"{ManagerPath(manager)}/timeline", null, cancellationToken);

    public Task<List<JobStatus>> GetJobsAsync(string manager, CancellationToken cancellationToken) => SendAsync<List<JobStatus>>(HttpMethod.Get, $"{ManagerPath(manager)}/jobs", null, cancellationToken);

    public Task<IsolationStatus> AddPatternAsync(string manager, string list, string pattern, CancellationToken cancellationToken) =>
        SendAsync<IsolationStatus>(HttpMethod.Post, $"{ManagerPath(manager)}/isolation/{list}", new PatternRequest(pattern), cancellationToken);

    public Task<IsolationStatus> RemovePatternAsync(string manager, string list, string pattern, CancellationToken cancellationToken) =>
        SendAsync<IsolationStatus>(HttpMethod.Delete, $"{ManagerPath(manager)}/isolation/{list}/{Uri.EscapeDataString(pattern)}", null, cancellationToken);

    public Task<VersionStatus> RefreshAsync(string manager, CancellationToken cancellationToken) => SendAsync<VersionStatus>(HttpMethod.Post, $"{ManagerPath(manager)}/refresh", null, cancellationToken);

    public Task<PurgeResult> PurgeAsync(string manager, string version, CancellationToken cancellationToken) =>
        SendAsync<PurgeResult>(HttpMethod.Post, $"{ManagerPath(manager)}/versions/{Uri.EscapeDataString(version)}/purge", null, cancellationToken);

    public Task<UpgradeRequestResult> RequestUpgradeAsync(string manager, string version, CancellationToken cancellationToken) =>
        SendAsync<UpgradeRequestResult>(HttpMethod.Post, $"{ManagerPath(manager)}/versions/{Uri.EscapeDataString(version)}/upgrade", null, cancellationToken);

    public Task<ManagerRollout> GetRolloutAsync(string manager, CancellationToken cancellationToken) => SendAsync<ManagerRollout>(HttpMethod.Get, $"{ManagerPath(manager)}/rollout", null, cancellationToken);

    public Task<RolloutReport> SteerRolloutAsync(string manager, string action, CancellationToken cancellationToken) =>
        SendAsync<RolloutReport>(HttpMethod.Post, $"{ManagerPath(manager)}/rollout/{action}", null, cancellationToken);

    /// <summary>Follows the server's event stream until the token fires.</summary>
    public async IAsyncEnumerable<SseItem<string>> FollowEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await Guard(() => _http.GetAsync("api/events", HttpCompletionOption.ResponseHeadersRead, cancellationToken)).ConfigureAwait(false);
        await ThrowIfRefusedAsync(response, cancellationToken).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return item;
        }
    }

    public void Dispose() => _http.Dispose();

    private static string ManagerPath(string manager) => $"api/managers/{Uri.EscapeDataString(manager)}";

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: ControlJson.Options) };
        using var response = await Guard(() => _http.SendAsync(request, cancellationToken)).ConfigureAwait(false);
        await ThrowIfRefusedAsync(response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<T>(ControlJson.Options, cancellationToken).ConfigureAwait(false)
            ?? throw new ControlRequestException($"{Name}: {method} {path} answered nothing.");
    }

    private async Task<HttpResponseMessage> Guard(Func<Task<HttpResponseMessage>> send)
    {
        try
        {
            return await send().ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new ControlRequestException($"{Name}: cannot reach the server ({e.Message}).", e);
        }
        catch (TaskCanceledException e) when (e.InnerException is TimeoutException)
        {
            throw new ControlRequestException($"{Name}: the server did not answer in time.", e);
        }
    }

    private async Task ThrowIfRefusedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        string? detail = null;
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
            detail = problem.TryGetProperty("detail", out var d) ? d.GetString() : null;
        }
        catch (JsonException)
        {
        }

        throw new ControlRequestException($"{Name}: {(int)response.StatusCode} {response.ReasonPhrase}{(detail is null ? string.Empty : $": {detail}")}");
    }
}
