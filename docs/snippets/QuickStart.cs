using Jobs.Contracts;

namespace Modulets.Docs.Snippets;

public static class QuickStart
{
    public static async Task RunAsync(string modulesPath)
    {
        #region quick-start
        var options = new ModuletOptions { ModulesPath = modulesPath };
        options.Isolation.Share("Jobs.Contracts");            // the contract assembly host and modules both use

        using var manager = new ModuletManager(options);      // or services.AddModulets(o => o.ModulesPath = ...)

        using var job = manager.StartJob(async job =>
        {
            var billing = job.CreateImplementation<IBillingJob>();  // the module's class, seen through the shared contract
            await billing.RunAsync(job.Cancellation);
            await job.Spawn(ct => billing.SendInvoicesAsync(ct));   // a child, on the same version
        });

        await job;                                          // or job.Completion; disposing a running job cancels it
        Console.WriteLine(job.Version.ShortId);             // the version the job ran on

        // A job can have a name and tags (in the log, on its activity, in leak reports) and a result:
        ModuletJob<int> count = manager.StartJob(
            (job, ct) => job.CreateImplementation<IBillingJob>().CountInvoicesAsync(ct),
            new JobOptions { Name = "count-invoices", Tags = new Dictionary<string, string> { ["tenant"] = "acme" } });
        int invoices = await count;

        // Copy a new build into the modules folder: within a quarter of a second new jobs start on it,
        // while running jobs keep the version they started on. (manager.Refresh() reads the folder at once.)
        ModuleVersion current = manager.CurrentVersion;
        #endregion
    }
}
