using Microsoft.Extensions.DependencyInjection;

namespace Modulets.Docs.Snippets;

public static class Rollouts
{
    public static void Configure(IServiceCollection services)
    {
        #region canary-options
        services.AddModulets(options =>
        {
            options.ModulesPath = "modules";
            options.Canary = new CanaryOptions
            {
                Steps = [5, 25, 100],                       // the candidate's share of new jobs, step by step
                MinJobsPerStep = 50,                        // candidate jobs that must end in each step
                MinStepDuration = TimeSpan.FromMinutes(2),  // and the least time each step lasts
                FailureRateTolerance = 0.02,                // how much worse than the stable version it may fail
                SplitTag = "tenant",                        // a tenant's jobs stay on one side (others: at random)
            };
        });
        #endregion
    }

    public static void Watch(ModuletManager manager)
    {
        #region rollout-status
        manager.RolloutChanged += (_, e) => Console.WriteLine(e.Status);
        // 5c1f0e2a9b7d over 0a4be7c1d2f3: InProgress, step 2/3 at 25% (step 2 of 3 at 25% of new jobs: 31 of 50 jobs ended, held 00:01:10 of 00:02:00)
        if (manager.Rollout is { State: RolloutState.InProgress } rollout && rollout.CandidateFailureRate > 0.5)
        {
            manager.AbortRollout();     // or manager.PromoteCandidate(): an operator's decision, at once
        }
        #endregion
    }
}
