using System.CommandLine;
using Modulets.Cli.Servers;
using Modulets.Control;
using Spectre.Console;

namespace Modulets.Cli;

/// <summary>The commands that only look: <c>ps</c>, <c>status</c>, <c>versions</c>, <c>jobs</c>.</summary>
internal static class ReadCommands
{
    public static Command Ps()
    {
        var command = new Command("ps", "List the local processes that have a control socket, with their managers.");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = new Output(parse.GetValue(GlobalOptions.Json));
            var sockets = ControlSocketPaths.Find();
            var found = await Task.WhenAll(sockets.Select(async socket =>
            {
                using var server = ControlServer.OverSocket($"pid {socket.ProcessId}", socket.Path);
                try
                {
                    return (socket, Managers: await server.GetManagersAsync(cancellationToken).ConfigureAwait(false), Error: (string?)null);
                }
                catch (ControlRequestException e)
                {
                    return (socket, Managers: new List<ManagerStatus>(), Error: e.Message);
                }
            })).ConfigureAwait(false);

            if (output.IsJson)
            {
                Output.Json(found.Select(f => new { f.socket.ProcessId, Application = LocalApplication.NameOf(f.socket.ProcessId), f.socket.Path, f.Managers, f.Error }));
                return CommandRunner.Done;
            }

            if (found.Length == 0)
            {
                output.Line($"No local process has a control socket in [bold]{Markup.Escape(ControlSocketPaths.DefaultDirectory)}[/].");
                return CommandRunner.Done;
            }

            var table = new Table().AddColumns("PID", "Application", "Managers", "Current", "Jobs", "Socket");
            foreach (var (socket, managers, error) in found)
            {
                table.AddRow(
                    socket.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Markup.Escape(LocalApplication.NameOf(socket.ProcessId)),
                    error is null ? Markup.Escape(string.Join(", ", managers.Select(m => m.Name))) : $"[red]{Markup.Escape(error)}[/]",
                    string.Join(", ", managers.Select(m => m.CurrentVersion?.ShortId ?? "none")),
                    managers.Sum(m => m.ActiveJobs).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Markup.Escape(socket.Path));
            }

            output.Write(table);
            return CommandRunner.Done;
        });
        return command;
    }

    public static Command Status()
    {
        var command = new Command("status", "Show each server's managers: the current version, live, draining and leaked versions, and jobs; version skew across servers is marked.");
        command.SetWork(async (context, cancellationToken) =>
        {
            var (results, exitCode) = await CommandRunner.OnEachAsync(context.Servers, async server =>
            {
                var managers = await server.GetManagersAsync(cancellationToken).ConfigureAwait(false);
                var chosen = context.ManagerName is { } name ? managers.Where(m => m.Name == name).ToList() : managers;
                if (chosen.Count == 0)
                {
                    throw new ControlRequestException($"{server.Name}: no manager is named '{context.ManagerName}'.");
                }

                var versions = await Task.WhenAll(chosen.Select(m => server.GetVersionsAsync(m.Name, cancellationToken))).ConfigureAwait(false);
                return chosen.Select((manager, i) => (manager, (IReadOnlyList<VersionStatus>)versions[i])).ToList();
            }).ConfigureAwait(false);

            if (context.Output.IsJson)
            {
                Output.Json(results.Select(r => new { Server = r.Server.Name, Managers = r.Result.Select(m => new { m.manager.Name, m.manager.CurrentVersion, m.manager.ActiveJobs, m.manager.Isolation, Versions = m.Item2 }) }));
            }
            else
            {
                context.Output.Write(Tables.Status([.. results.SelectMany(r => r.Result.Select(m => (r.Server.Name, m.manager, m.Item2)))]));
            }

            return exitCode;
        });
        return command;
    }

    public static Command Versions()
    {
        var command = new Command("versions", "Show every version of a manager: state, jobs, life-cycle times, labels and leak reports.");
        command.SetWork((context, cancellationToken) => PerManagerAsync(
            context,
            (server, manager) => server.GetVersionsAsync(manager, cancellationToken),
            (server, manager, versions) => Tables.Versions(server, manager, versions),
            cancellationToken));
        return command;
    }

    public static Command Jobs()
    {
        var command = new Command("jobs", "Show the running jobs of a manager: id, name, version, start time and children.");
        command.SetWork((context, cancellationToken) => PerManagerAsync(
            context,
            (server, manager) => server.GetJobsAsync(manager, cancellationToken),
            (server, manager, jobs) => Tables.Jobs(server, manager, jobs),
            cancellationToken));
        return command;
    }

    /// <summary>Asks each server for one manager's data, and writes it as JSON or as one table per server.</summary>
    public static async Task<int> PerManagerAsync<T>(
        CommandContext context,
        Func<ControlServer, string, Task<T>> read,
        Func<string, string, T, Table> table,
        CancellationToken cancellationToken,
        IReadOnlyList<ControlServer>? servers = null)
    {
        var (results, exitCode) = await CommandRunner.OnEachAsync(servers ?? context.Servers, async server =>
        {
            var manager = await context.ResolveManagerAsync(server, cancellationToken).ConfigureAwait(false);
            return (Manager: manager, Data: await read(server, manager).ConfigureAwait(false));
        }).ConfigureAwait(false);

        if (context.Output.IsJson)
        {
            // One server: its answer as the API gives it. Several: one entry per server.
            if (results.Count == 1 && context.Servers.Count == 1)
            {
                Output.Json(results[0].Result.Data);
            }
            else
            {
                Output.Json(results.Select(r => new { Server = r.Server.Name, r.Result.Manager, r.Result.Data }));
            }
        }
        else
        {
            foreach (var (server, result) in results)
            {
                context.Output.Write(table(server.Name, result.Manager, result.Data));
            }
        }

        return exitCode;
    }
}
