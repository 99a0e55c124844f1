using System.Text.Json;
using Modulets.TestUtilities;

namespace Modulets.Cli.Tests;

/// <summary><c>modulets watch --json</c> follows a server through a restart: it says the server went away, and follows it again when it is back.</summary>
public sealed class WatchReconnectTests : IDisposable
{
    private readonly Programs _programs = new(Directory.CreateTempSubdirectory("modulets-sockets-").FullName);
    private readonly ModulesFolder _folder = ModulesFolder.With(TestModules.Magic(1));

    [Fact]
    public async Task WatchJson_ServerStopsAndComesBack_SaysSoAndReconnects()
    {
        var port = LoopbackControlServer.FreeLoopbackPort();
        var server = await LoopbackControlServer.StartAsync(_folder.Path, port);
        using var watch = _programs.Start("Console", "watch", "--json", "--server", $"http://127.0.0.1:{port}/modulets");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        (await NextOfTypeAsync(watch, "connected", timeout.Token)).Should().NotBeNull();
        await server.DisposeAsync();
        var disconnected = await NextOfTypeAsync(watch, "disconnected", timeout.Token);
        disconnected.GetProperty("data").GetProperty("retryInSeconds").GetDouble().Should().BeGreaterThan(0);

        await using var restarted = await LoopbackControlServer.StartAsync(_folder.Path, port);
        (await NextOfTypeAsync(watch, "connected", timeout.Token)).GetProperty("server").GetString().Should().Contain($"127.0.0.1:{port}");

        watch.Kill(entireProcessTree: true);
        await watch.WaitForExitAsync();
    }

    public void Dispose()
    {
        _folder.Dispose();
        Directory.Delete(_programs.SocketDirectory, recursive: true);
    }


    /// <summary>Reads the watch's lines until one of the given type (the other servers' events, and its own others, are skipped).</summary>
    private static async Task<JsonElement> NextOfTypeAsync(System.Diagnostics.Process watch, string type, CancellationToken cancellationToken)
    {
        while (await watch.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            var item = JsonDocument.Parse(line).RootElement;
            if (item.GetProperty("type").GetString() == type)
            {
                return item;
            }
        }

        throw new InvalidOperationException($"The watch ended before a '{type}' line: {await watch.StandardError.ReadToEndAsync(cancellationToken)}");
    }

}
