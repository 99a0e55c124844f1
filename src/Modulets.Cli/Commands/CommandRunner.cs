using System.CommandLine;

namespace Modulets.Cli;

/// <summary>Runs a command's work and turns its outcome into the exit code: 0 done, 1 a server refused or failed, 2 usage.</summary>
internal static class CommandRunner
{
    public const int Done = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    public static void SetWork(this Command command, Func<CommandContext, CancellationToken, Task<int>> work) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                using var context = CommandContext.From(parse);
                return await work(context, cancellationToken).ConfigureAwait(false);
            }
            catch (UsageException e)
            {
                Output.Error(e.Message);
                return Usage;
            }
            catch (ControlRequestException e)
            {
                Output.Error(e.Message);
                return Failed;
            }
        });

    /// <summary>Does the work on every server, in parallel, returning the results in order; a server that fails is reported and makes the exit code 1.</summary>
    public static async Task<(IReadOnlyList<(ControlServer Server, T Result)> Results, int ExitCode)> OnEachAsync<T>(
        IReadOnlyList<ControlServer> servers, Func<ControlServer, Task<T>> work)
    {
        var attempts = await Task.WhenAll(servers.Select(async server =>
        {
            try
            {
                return (server, Result: await work(server).ConfigureAwait(false), Error: (string?)null);
            }
            catch (ControlRequestException e)
            {
                return (server, Result: default(T)!, Error: e.Message);
            }
        })).ConfigureAwait(false);

        foreach (var error in attempts.Select(a => a.Error).OfType<string>())
        {
            Output.Error(error);
        }

        return ([.. attempts.Where(a => a.Error is null).Select(a => (a.server, a.Result))], attempts.Any(a => a.Error is not null) ? Failed : Done);
    }
}
