using System.Collections.Concurrent;
using System.CommandLine;
using Modulets.Cli.Servers;
using Modulets.Control;
using Spectre.Console;

namespace Modulets.Cli;

/// <summary>
/// <c>modulets watch</c>: a live view of every server until Ctrl+C, with each version's running jobs over time (the
/// dashboard's timeline as text, <see cref="TimelineText"/>). It follows each server's event stream and redraws when
/// something happens (and every two seconds, for ages); with <c>--json</c> it writes each event as one line instead. A server that goes away is followed again when it comes back (<see cref="EventFollower"/>),
/// and the view (or a <c>disconnected</c> line) says so meanwhile.
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
                await Task.WhenAll(context.Servers.Select(server => PrintEventsAsync(server, cancellationToken))).ConfigureAwait(false);
                return CommandRunner.Done;
            }

            var changed = new SemaphoreSlim(0);
            var disconnected = new ConcurrentDictionary<string, string>();
            var followers = context.Servers.Select(server => EventFollower.FollowAsync(
                server,
                connectedOrEvent =>
                {
                    disconnected.TryRemove(server.Name, out var _);
                    changed.Release();
                },
                (reason, retry) =>
                {
                    disconnected[server.Name] = $"{server.Name}: {reason}; trying again in {retry.TotalSeconds:0.#} s";
                    changed.Release();
                },
                cancellationToken)).ToList();
            await context.Output.Console.Live(new Text("connecting…")).AutoClear(false).StartAsync(async live =>
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    live.UpdateTarget(await RenderAsync(context, disconnected.Values, cancellationToken).ConfigureAwait(false));
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

    private static async Task<Rows> RenderAsync(CommandContext context, IEnumerable<string> disconnected, CancellationToken cancellationToken)
    {
        var rows = new List<(string, ManagerStatus, IReadOnlyList<VersionStatus>)>();
        var timelines = new List<(string, ManagerTimeline)>();
        var problems = disconnected.ToList();
        foreach (var server in context.Servers)
        {
            try
            {
                foreach (var manager in await server.GetManagersAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (context.ManagerName is null || context.ManagerName == manager.Name)
                    {
                        var timeline = await server.GetTimelineAsync(manager.Name, cancellationToken).ConfigureAwait(false);
                        rows.Add((server.Name, manager, timeline.Versions));
                        timelines.Add((server.Name, timeline));
                    }
                }
            }
            catch (Exception e) when (e is ControlRequestException or OperationCanceledException)
            {
                problems.Add(e.Message);
            }
        }

        var parts = new List<Spectre.Console.Rendering.IRenderable> { new Markup($"[bold]modulets watch[/] · {DateTime.Now:HH:mm:ss} · Ctrl+C to stop"), Tables.Status(rows) };
        parts.AddRange(timelines.Select(timeline => Tables.Timeline(timeline.Item1, timeline.Item2, context.Output.Console.Profile.Width)));
        parts.AddRange(problems.Select(problem => new Markup($"[red]{Markup.Escape(problem)}[/]")));
        return new Rows(parts);
    }

    private static Task PrintEventsAsync(ControlServer server, CancellationToken cancellationToken) =>
        EventFollower.FollowAsync(
            server,
            item =>
            {
                using var data = System.Text.Json.JsonDocument.Parse(item.Data);
                Output.JsonLine(new { Server = server.Name, Type = item.EventType, Data = data.RootElement });
            },
            (reason, retry) => Output.JsonLine(new { Server = server.Name, Type = "disconnected", Data = new { Reason = reason, RetryInSeconds = retry.TotalSeconds } }),
            cancellationToken);
}
