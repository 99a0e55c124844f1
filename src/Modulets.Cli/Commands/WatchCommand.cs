using System.CommandLine;
using Modulets.Control;
using Spectre.Console;

namespace Modulets.Cli;

/// <summary>
/// <c>modulets watch</c>: a live view of every server until Ctrl+C. It follows each server's event stream and redraws
/// when something happens (and every two seconds, for ages and job counts); with <c>--json</c> it writes each event
/// as one line instead.
/// </summary>
internal static class WatchCommand
{
    private static readonly TimeSpan s_redraw = TimeSpan.FromSeconds(2);

    public static Command Create()
    {
        var command = new Command("watch", "A live view of the servers' versions and jobs, until Ctrl+C (with --json: one line per event).");
        command.SetWork(async (context, cancellationToken) =>
        {
            if (context.Output.IsJson)
            {
                await Task.WhenAll(context.Servers.Select(server => PrintEventsAsync(context.Output, server, cancellationToken))).ConfigureAwait(false);
                return CommandRunner.Done;
            }

            var changed = new SemaphoreSlim(0);
            var followers = context.Servers.Select(server => SignalOnEventsAsync(server, changed, cancellationToken)).ToList();
            await context.Output.Console.Live(new Text("connecting…")).AutoClear(false).StartAsync(async live =>
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    live.UpdateTarget(await RenderAsync(context, cancellationToken).ConfigureAwait(false));
                    try
                    {
                        await changed.WaitAsync(s_redraw, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
            }).ConfigureAwait(false);
            await Task.WhenAll(followers).ConfigureAwait(false);
            return CommandRunner.Done;
        });
        return command;
    }

    private static async Task<Rows> RenderAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var rows = new List<(string, ManagerStatus, IReadOnlyList<VersionStatus>)>();
        var problems = new List<string>();
        foreach (var server in context.Servers)
        {
            try
            {
                foreach (var manager in await server.GetManagersAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (context.ManagerName is null || context.ManagerName == manager.Name)
                    {
                        rows.Add((server.Name, manager, await server.GetVersionsAsync(manager.Name, cancellationToken).ConfigureAwait(false)));
                    }
                }
            }
            catch (Exception e) when (e is ControlRequestException or OperationCanceledException)
            {
                problems.Add(e.Message);
            }
        }

        var parts = new List<Spectre.Console.Rendering.IRenderable> { new Markup($"[bold]modulets watch[/] · {DateTime.Now:HH:mm:ss} · Ctrl+C to stop"), Tables.Status(rows) };
        parts.AddRange(rows.Select(row => Tables.Versions(row.Item1, row.Item2.Name, row.Item3)));
        parts.AddRange(problems.Select(problem => new Markup($"[red]{Markup.Escape(problem)}[/]")));
        return new Rows(parts);
    }

    private static async Task SignalOnEventsAsync(ControlServer server, SemaphoreSlim changed, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var _ in server.FollowEventsAsync(cancellationToken).ConfigureAwait(false))
                {
                    changed.Release();
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is ControlRequestException or IOException or HttpRequestException)
            {
                // The server went away or restarted: the view shows it; try its stream again shortly.
            }

            try
            {
                await Task.Delay(s_redraw, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task PrintEventsAsync(Output output, ControlServer server, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in server.FollowEventsAsync(cancellationToken).ConfigureAwait(false))
            {
                using var data = System.Text.Json.JsonDocument.Parse(item.Data);
                Output.JsonLine(new { Server = server.Name, Type = item.EventType, Data = data.RootElement });
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
