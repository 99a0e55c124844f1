using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Modulets.Cli.Tests;

/// <summary>A server of the console's tests: a web host with the control API on a loopback port, over a test modules folder read when the test says so.</summary>
internal sealed class LoopbackControlServer : IAsyncDisposable
{
    private LoopbackControlServer(WebApplication app) => App = app;

    public WebApplication App { get; }

    /// <summary>Gets the control API's prefix, as <c>--server</c> takes it.</summary>
    public Uri Prefix => new(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/modulets");

    public ModuletManager Manager => App.Services.GetRequiredService<ModuletManager>();

    /// <param name="modulesPath">The modules folder.</param>
    /// <param name="port">The loopback port, or 0 for any free one.</param>
    /// <param name="configure">More options for the manager.</param>
    /// <param name="configurePipeline">Middleware before the control API.</param>
    public static async Task<LoopbackControlServer> StartAsync(string modulesPath, int port = 0, Action<ModuletOptions>? configure = null, Action<WebApplication>? configurePipeline = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(1)); // event streams stay open
        builder.Services.AddModulets(options =>
        {
            options.ModulesPath = modulesPath;
            options.UpdateDetection = UpdateDetection.Manual;
            configure?.Invoke(options);
        });
        var app = builder.Build();
        configurePipeline?.Invoke(app);
        app.MapModulets();
        await app.StartAsync();
        return new LoopbackControlServer(app);
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
