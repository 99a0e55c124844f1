namespace Modulets;

/// <summary>
/// Starts timers and background work outside the caller's execution context. The caller may be a job's flow, which
/// holds the job's load context: a timer or loop that captured it would keep that job's version alive for as long as
/// it runs, so every piece of background work Modulets starts goes through here.
/// </summary>
internal static class BackgroundWork
{
    public static Task Run(Func<Task> work) => WithoutFlow(() => Task.Run(work, CancellationToken.None));

    /// <summary>Runs work that may block for long (module code with a time limit) on a thread of its own, not the pool's.</summary>
    public static Task<T> RunOnOwnThread<T>(Func<T> work) =>
        WithoutFlow(() => Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));

    public static ITimer CreateTimer(TimeProvider timeProvider, Action callback, TimeSpan dueTime, TimeSpan period) =>
        WithoutFlow(() => timeProvider.CreateTimer(static state => ((Action)state!)(), callback, dueTime, period));

    private static T WithoutFlow<T>(Func<T> start)
    {
        // A caller that already suppressed the flow is fine as it is (suppressing twice throws).
        if (ExecutionContext.IsFlowSuppressed())
        {
            return start();
        }

        using (ExecutionContext.SuppressFlow())
        {
            return start();
        }
    }
}
