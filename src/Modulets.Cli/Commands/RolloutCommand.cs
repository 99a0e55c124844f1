using System.CommandLine;
using Modulets.Control;

namespace Modulets.Cli;

/// <summary><c>modulets rollout [status|promote|abort]</c>: each server's canary rollout, and an operator's decision on it.</summary>
internal static class RolloutCommand
{
    public static Command Create()
    {
        var command = new Command("rollout", "Show each server's canary rollout (step, share, failure rates of candidate and stable, and why), or promote or abort it.");
        command.SetWork(StatusAsync);
        var status = new Command("status", "Show each server's canary rollout (the default).");
        status.SetWork(StatusAsync);
        command.Add(status);
        command.Add(Steer("promote", "Promote the candidate now, whatever its step and rates: it becomes current for every new job, and the stable version drains."));
        command.Add(Steer("abort", "Roll the candidate back now: it takes no new job, its jobs drain, and its content is not a candidate again on that server."));
        return command;
    }

    private static async Task<int> StatusAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var (results, exitCode) = await CommandRunner.OnEachAsync(context.Servers, async server =>
        {
            var managers = await server.GetManagersAsync(cancellationToken).ConfigureAwait(false);
            var chosen = context.ManagerName is { } name ? managers.Where(m => m.Name == name).ToList() : managers;
            if (chosen.Count == 0)
            {
                throw new ControlRequestException($"{server.Name}: no manager is named '{context.ManagerName}'.");
            }

            return await Task.WhenAll(chosen.Select(m => server.GetRolloutAsync(m.Name, cancellationToken))).ConfigureAwait(false);
        }).ConfigureAwait(false);

        if (context.Output.IsJson)
        {
            Output.Json(results.Select(r => new { Server = r.Server.Name, Managers = r.Result }));
        }
        else
        {
            context.Output.Write(Tables.Rollouts([.. results.SelectMany(r => r.Result.Select(rollout => (r.Server.Name, rollout)))]));
        }

        return exitCode;
    }

    private static Command Steer(string action, string description)
    {
        var command = new Command(action, description);
        command.SetWork((context, cancellationToken) => ReadCommands.PerManagerAsync(
            context,
            (server, manager) => server.SteerRolloutAsync(manager, action, cancellationToken),
            (server, manager, rollout) => Tables.Rollouts([(server, new ManagerRollout(manager, rollout))]),
            cancellationToken,
            context.TargetsOfAChange()));
        return command;
    }
}
