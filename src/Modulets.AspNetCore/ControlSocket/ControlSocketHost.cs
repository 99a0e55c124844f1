using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Modulets.Control;

namespace Modulets.AspNetCore;

/// <summary>
/// Serves the control API on this process's Unix socket: a small Kestrel server of its own, with no configuration
/// read from the host (no URL of the host's can leak onto it). The folder is made owner-only, the socket file is
/// made 0600 between bind and listen, and a connection from another user (other than root) is closed at once.
/// </summary>
internal sealed class ControlSocketHost(ModuletManagerRegistry registry, ILoggerFactory loggerFactory, IOptions<ControlSocketOptions> options) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("Modulets.AspNetCore.ControlSocket");
    private WebApplication? _server;
    private string? _path;

    public string? Path => _path;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var path = ControlSocketPaths.GetSocketPath(Environment.ProcessId, options.Value.Directory);
        try
        {
            PrepareDirectory(System.IO.Path.GetDirectoryName(path)!);
            File.Delete(path); // a socket left by a process that had this id and died
            _server = Build(path);
            await _server.StartAsync(cancellationToken).ConfigureAwait(false);
            _path = path;
            Log.SocketListening(_logger, path);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.SocketFailed(_logger, e, path);
            await DisposeAsync().ConfigureAwait(false);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is { } server)
        {
            await server.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _server, null) is { } server)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }

        if (Interlocked.Exchange(ref _path, null) is { } path)
        {
            File.Delete(path);
        }
    }

    private WebApplication Build(string path)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(ControlSocketHost).Assembly.GetName().Name });
        builder.Services.AddSingleton(registry);
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore().UseSockets(sockets => sockets.CreateBoundListenSocket = endpoint => BindOwnerOnly(endpoint, path));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenUnixSocket(path, listen => listen.Use(next => connection => RefuseOtherUsers(connection, next))));
        var app = builder.Build();
        app.UseRouting();
        app.MapModulets(ModuletsEndpointRouteBuilderExtensions.DefaultPrefix);
        return app;
    }

    private static Socket BindOwnerOnly(EndPoint endpoint, string path)
    {
        var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
        if (endpoint is UnixDomainSocketEndPoint && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return socket;
    }

    private Task RefuseOtherUsers(ConnectionContext connection, ConnectionDelegate next)
    {
        if (UnixSocketPeer.TryGet(connection.Features.Get<IConnectionSocketFeature>()?.Socket, out var peer)
            && UnixSocketPeer.CurrentUserId is { } owner
            && peer.UserId != owner
            && peer.UserId != 0)
        {
            Log.SocketPeerRefused(_logger, peer.UserId, peer.ProcessId, owner);
            connection.Abort();
            return Task.CompletedTask;
        }

        return next(connection);
    }

    private static void PrepareDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }

        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, OwnerOnly);
        }
        else if (new DirectoryInfo(directory).LinkTarget is not null)
        {
            throw new IOException($"The control socket folder '{directory}' is a symbolic link; it must be a folder of this user's own.");
        }

        // Only the owner (or root) may change a folder's mode: this fails for a folder someone else made first.
        File.SetUnixFileMode(directory, OwnerOnly);
    }
}
