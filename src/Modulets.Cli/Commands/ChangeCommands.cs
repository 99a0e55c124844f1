using System.CommandLine;

namespace Modulets.Cli;

/// <summary>The commands that change something: the list edits, <c>refresh</c> and <c>purge</c>; each is written to the host's audit log.</summary>
internal static class ChangeCommands
{
    public static Command ListEdit(string name, string list, bool add, string description)
    {
        var pattern = new Argument<string>("PATTERN") { Description = "A simple assembly name, or a pattern with '*' (Jobs.*)." };
        var command = new Command(name, description) { pattern };
        command.SetWork((context, cancellationToken) => ReadCommands.PerManagerAsync(
            context,
            (server, manager) => add
                ? server.AddPatternAsync(manager, list, context.Argument(pattern), cancellationToken)
                : server.RemovePatternAsync(manager, list, context.Argument(pattern), cancellationToken),
            Tables.Isolation,
            cancellationToken,
            context.TargetsOfAChange()));
        return command;
    }

    public static Command Refresh()
    {
        var command = new Command("refresh", "Read the modules (or poll the feed) now; prints the version that is current afterwards.");
        command.SetWork((context, cancellationToken) => ReadCommands.PerManagerAsync(
            context,
            (server, manager) => server.RefreshAsync(manager, cancellationToken),
            (server, manager, version) => Tables.Versions(server, manager, [version]),
            cancellationToken,
            context.TargetsOfAChange()));
        return command;
    }

    public static Command Purge()
    {
        var version = new Argument<string>("VERSION") { Description = "The version's id, or a unique prefix of at least 4 characters (its short id)." };
        var command = new Command("purge", "Cancel the jobs still running on a retired version, so it can unload (the current version cannot be purged).") { version };
        command.SetWork((context, cancellationToken) => ReadCommands.PerManagerAsync(
            context,
            (server, manager) => server.PurgeAsync(manager, context.Argument(version), cancellationToken),
            (server, manager, result) =>
            {
                var table = Tables.Versions(server, manager, [result.Version]);
                table.Caption = new Spectre.Console.TableTitle(result.JobsCanceled ? "its jobs were cancelled" : "it had no jobs left to cancel");
                return table;
            },
            cancellationToken,
            context.TargetsOfAChange()));
        return command;
    }

    public static Command Upgrade()
    {
        var version = new Argument<string>("VERSION") { Description = "The version whose upgradable jobs should hand off to the current version (its id or a unique prefix)." };
        var command = new Command("upgrade", "Tell the upgradable jobs on a version to hand their state to the current version (Erlang's code_change).") { version };
        command.SetWork((context, cancellationToken) => ReadCommands.PerManagerAsync(
            context,
            (server, manager) => server.RequestUpgradeAsync(manager, context.Argument(version), cancellationToken),
            (server, manager, result) =>
            {
                var table = Tables.Versions(server, manager, [result.Version]);
                table.Caption = new Spectre.Console.TableTitle($"{result.JobsTold} upgradable jobs were told to hand off");
                return table;
            },
            cancellationToken,
            context.TargetsOfAChange()));
        return command;
    }
}
