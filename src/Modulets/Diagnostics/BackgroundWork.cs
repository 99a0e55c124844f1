namespace Modulets;

/// <summary>
/// Starts timers and background work outside the caller's execution context. The caller may be a job's flow, which
/// holds the job's load context: a timer or loop that captured it would keep that job's version alive for as long as
/// it runs, so every piece of background work Modulets starts goes through here.
/// </summary>
internal static class BackgroundWork
{
    public static Task Run(Func<Task> work)
    {
        using (ExecutionContext.SuppressFlow())
        {
            return Task.Run(work, CancellationToken.None);
        }
    }

    public static Task<T> Run<T>(Func<T> work)
    {
        using (ExecutionContext.SuppressFlow())
        {
            return Task.Run(work, CancellationToken.None);
        }
    }

    public static ITimer CreateTimer(TimeProvider timeProvider, Action callback, TimeSpan dueTime, TimeSpan period)
    {
        using (ExecutionContext.SuppressFlow())
        {
            return timeProvider.CreateTimer(static state => ((Action)state!)(), callback, dueTime, period);
        }
    }
}
