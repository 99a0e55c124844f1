using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Modulets.Cli.Dashboard;

/// <summary>
/// <c>modulets dashboard</c>'s web server, on a loopback port: like <c>kubectl port-forward</c>, it forwards the
/// browser to a server's own dashboard and API (over its control socket, or to its https URL with the token added
/// here, never given to the page). For one server its dashboard is at <c>/modulets/</c>; for several, the fleet page is
/// at <c>/</c> and server <c>i</c>'s dashboard at <c>/servers/i/modulets/</c>.
/// </summary>
internal sealed class DashboardServer : IAsyncDisposable
{
    // Event streams are quiet between events: the forwarder must not take silence for a dead server.
    private static readonly ForwarderRequestConfig s_forwarding = new()
    {
        ActivityTimeout = TimeSpan.FromDays(1),
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
    };

    private readonly WebApplication _app;
    private readonly List<HttpMessageInvoker> _clients;

    private DashboardServer(WebApplication app, List<HttpMessageInvoker> clients, Uri url)
    {
        _app = app;
        _clients = clients;
        Url = url;
    }

    /// <summary>Gets the URL to open: it carries the key that lets a browser in (<see cref="DashboardAccess"/>).</summary>
    public Uri Url { get; }

    public static async Task<DashboardServer> StartAsync(IReadOnlyList<ControlServer> servers, int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Services.AddHttpForwarder();
        var app = builder.Build();
        var access = new DashboardAccess();
        app.Use(access.InvokeAsync);

        var forwarder = app.Services.GetRequiredService<IHttpForwarder>();
        var clients = new List<HttpMessageInvoker>();
        if (servers is [var only])
        {
            clients.Add(Forward(app, "/modulets", only, forwarder));
            app.MapGet("/", () => Results.Redirect("/modulets/"));
        }
        else
        {
            clients.AddRange(servers.Select((server, index) => Forward(app, $"/servers/{index}/modulets", server, forwarder)));
            FleetPage.Map(app, servers);
        }

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        access.Port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;
        return new DashboardServer(app, clients, new Uri($"http://127.0.0.1:{access.Port}/?{DashboardAccess.KeyParameter}={access.Key}"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _clients.ForEach(client => client.Dispose());
    }

    private static HttpMessageInvoker Forward(WebApplication app, string prefix, ControlServer server, IHttpForwarder forwarder)
    {
        var client = server.CreateForwardingClient();
        var destination = server.BaseAddress.AbsoluteUri.TrimEnd('/');
        app.Map(prefix, branch => branch.Run(async http =>
        {
            var error = await forwarder.SendAsync(http, destination, client, s_forwarding, (_, request) =>
            {
                // The browser's cookie (the dashboard's key) and credentials stay here; the server gets its own.
                request.Headers.Remove("Cookie");
                request.Headers.Authorization = null;
                server.Authorize(request.Headers);
                return ValueTask.CompletedTask;
            }).ConfigureAwait(false);
            if (error is not ForwarderError.None && !http.Response.HasStarted)
            {
                http.Response.StatusCode = StatusCodes.Status502BadGateway;
                http.Response.ContentType = "text/plain; charset=utf-8";
                await http.Response.WriteAsync($"{server.Name} did not answer ({error}): {http.Features.Get<IForwarderErrorFeature>()?.Exception?.Message}\n").ConfigureAwait(false);
            }
        }));
        return client;
    }
}
