using Jobs.Contracts;

namespace Modulets.Docs.Snippets;

public static class UpgradingJobs
{
    public static async Task StartAsync(ModuletManager manager, string customer)
    {
        #region start-upgradable-job
        // The job's code is a module type; the state is a contract type (or serialized data): never a module type.
        UpgradableJob<Conversation> job = manager.StartUpgradableJob(
            "Jobs.Email.ConfirmationWaiter", new Conversation(customer, Step: 0),
            new JobOptions { Name = $"confirm {customer}", Upgrade = UpgradePolicy.WhenIdle });
        await job;                              // one completion across every hand-off
        var versions = job.Versions;            // the versions it ran on, one per generation
        // Or with no type name: the version's one public class implementing IUpgradableJob<Conversation>, found in each version
        var unnamed = manager.StartUpgradableJob(new Conversation(customer, Step: 0));
        #endregion
    }
}

#region upgradable-job-in-the-module
// In the module, the same type in every version:
public sealed class ConfirmationWaiter(IMailbox mailbox) : IUpgradableJob<Conversation>
{
    public async Task RunAsync(UpgradeContext<Conversation> context)
    {
        var reply = mailbox.WaitForReplyAsync(context.State.Customer, context.Cancellation);
        var upgrade = Task.Delay(Timeout.Infinite, context.UpgradeAvailable);      // fires when newer code is current
        if (await Task.WhenAny(reply, upgrade) == upgrade && await context.HandOffAsync(context.State))
        {
            return;                                    // the next generation runs on the new code with this state
        }

        await HandleAsync(await reply);
    }

    private static Task HandleAsync(string reply) => Task.CompletedTask;
}
#endregion
