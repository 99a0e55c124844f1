using System.CommandLine;
using Modulets.Cli.Dashboard;

namespace Modulets.Cli;

/// <summary>
/// <c>modulets dashboard</c>: serves the dashboard of a worker host (or, for several servers, the fleet page) on a
/// loopback port until Ctrl+C, prints its URL and opens it where a desktop exists.
/// </summary>
internal static class DashboardCommand
{
    private static readonly Option<int> s_port = new("--port", "-p")
    {
        Description = "The loopback port to serve on (default: a free one).",
        DefaultValueFactory = _ => 0,
    };

    private static readonly Option<bool> s_noBrowser = new("--no-browser")
    {
        Description = "Print the URL only; do not open a browser.",
    };

    public static Command Create()
    {
        var command = new Command("dashboard", "Serve the server's dashboard (several servers: a fleet page) on a loopback port, print its URL and open it, until Ctrl+C.");
        command.Add(s_port);
        command.Add(s_noBrowser);
        command.SetWork(async (context, cancellationToken) =>
        {
            var port = context.Option(s_port);
            if (port is < 0 or > 65535)
            {
                throw new UsageException($"--port {port}: a port is from 1 to 65535 (0: a free one).");
            }

            DashboardServer server;
            try
            {
                server = await DashboardServer.StartAsync(context.Servers, port, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new UsageException($"Cannot serve on 127.0.0.1:{port}: {e.Message}");
            }

            await using (server.ConfigureAwait(false))
            {
                var what = context.Servers is [var only] ? $"the dashboard of {only.Name}" : $"the fleet page of {context.Servers.Count} servers";
                Console.WriteLine($"Serving {what} on {server.Url} (only this user's browser gets in: the URL carries its key). Ctrl+C stops it.");
                if (!context.Option(s_noBrowser) && !BrowserLauncher.TryOpen(server.Url, out var problem) && problem is not null)
                {
                    Output.Error($"Could not open a browser ({problem}); open the URL above.");
                }

                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }

            return CommandRunner.Done;
        });
        return command;
    }
}
