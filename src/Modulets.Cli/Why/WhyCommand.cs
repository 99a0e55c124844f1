using System.CommandLine;
using System.Globalization;
using Modulets.Control;
using Modulets.Diagnostics;
using Spectre.Console;

namespace Modulets.Cli;

/// <summary><c>modulets why VERSION</c>: takes a heap snapshot of a local process and prints every root path that keeps the version loaded.</summary>
internal static class WhyCommand
{
    public static Command Create()
    {
        var version = new Argument<string>("VERSION") { Description = "The version's id or a prefix of it (its short id, as 'modulets versions' prints it)." };
        var dumpDirectory = new Option<string>("--dump-dir") { Description = "Where the target process writes the snapshot (about the size of its memory; its user needs write access). Default: a new folder in the temporary folder that only this user can read." };
        var keepDump = new Option<bool>("--keep-dump") { Description = "Keep the snapshot for dotnet-dump or a debugger, instead of deleting it." };
        var command = new Command("why", "Explain why a version is still loaded: snapshot the process's heap and print each root path (a static field, a GC handle, a thread) to the version's objects, and the threads running its code.")
        {
            version, dumpDirectory, keepDump,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = new Output(parse.GetValue(GlobalOptions.Json));
            try
            {
                var explanation = await LeakExplainer.ExplainAsync(
                    LocalProcess(parse.GetValue(GlobalOptions.Server) ?? []),
                    parse.GetRequiredValue(version),
                    new HeapSnapshotOptions { Directory = parse.GetValue(dumpDirectory), Keep = parse.GetValue(keepDump) },
                    cancellationToken).ConfigureAwait(false);
                if (output.IsJson)
                {
                    Output.Json(explanation);
                }
                else
                {
                    Print(output, explanation);
                }

                return explanation.Versions.Count > 0 ? CommandRunner.Done : CommandRunner.Failed;
            }
            catch (UsageException e)
            {
                Output.Error(e.Message);
                return CommandRunner.Usage;
            }
            catch (HeapSnapshotException e)
            {
                Output.Error(e.Message);
                return CommandRunner.Failed;
            }
        });
        return command;
    }

    /// <summary>The process to snapshot: the one <c>--server</c> names by id or control socket, or the only local process with a control socket.</summary>
    private static int LocalProcess(string[] servers)
    {
        switch (servers)
        {
            case [var id] when int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var processId):
                return processId;
            case [var socket] when ControlSocketPaths.TryGetProcessId(socket, out var processId):
                return processId;
            case [var other]:
                throw new UsageException($"'{other}' is not a local process: 'modulets why' snapshots a process on this machine, named by its id or its control socket.");
            case []:
                return ControlSocketPaths.Find() switch
                {
                    [var only] => only.ProcessId,
                    [] => throw new UsageException("No local process has a control socket; name the process with --server PID."),
                    var several => throw new UsageException($"{several.Count} local processes have a control socket; say which with --server PID."),
                };
            default:
                throw new UsageException("'modulets why' snapshots one process; give --server once.");
        }
    }

    private static void Print(Output output, LeakExplanation explanation)
    {
        var processId = explanation.ProcessId;
        if (explanation.Versions.Count == 0)
        {
            output.Line($"Process {processId} has no loaded version [bold]{Markup.Escape(explanation.VersionId)}[/]: it has been collected, or the id is wrong ('modulets versions' lists them).");
        }

        foreach (var version in explanation.Versions)
        {
            output.Line($"[bold]{Markup.Escape(version.LoadContext)}[/] ({Markup.Escape(string.Join(", ", version.Assemblies))}) in process {processId}: {Markup.Escape(version.HeldBy)}.");
            for (var i = 0; i < version.Paths.Count; i++)
            {
                var path = version.Paths[i];
                output.Line($"{i + 1,2}. [yellow]{Markup.Escape(path.Root)}[/]");
                foreach (var link in path.Links)
                {
                    var via = link.Via is null ? "   " : $"{Markup.Escape(link.Via)} → ";
                    var mark = link.OfTheVersion ? "  [red](the version's)[/]" : string.Empty;
                    output.Line($"      {via}{Markup.Escape(link.Type)} [dim]{link.Address}[/]{mark}");
                }
            }

            output.Line(version.Threads.Count == 0
                ? "No thread is running the version's code."
                : $"Threads running the version's code (it cannot unload while they do): {Markup.Escape(string.Join("; ", version.Threads))}.");
            if (version.IsHeldByNothing)
            {
                output.Line("Nothing holds it any more: it is collected at the next garbage collections.");
            }
        }

        var size = explanation.SnapshotBytes / (1024 * 1024);
        var kept = explanation.SnapshotPath is { } snapshot ? $"kept at {Markup.Escape(snapshot)}" : "deleted (--keep-dump keeps it)";
        output.Line($"[dim]Snapshot: {size} MB, written in {explanation.SnapshotTime.TotalSeconds:0.0} s, {kept}.[/]");
    }
}
