namespace Modulets;

/// <summary>A child of a <see cref="Supervisor"/>: its work, its restart type, and its current run with the token that stops it.</summary>
internal sealed class SupervisedChild(Func<CancellationToken, Task> work, ChildRestart restart)
{
    public Func<CancellationToken, Task> Work { get; } = work;

    public ChildRestart Restart { get; } = restart;

    public CancellationTokenSource? Cancellation { get; set; }

    public Task? Run { get; set; }

    /// <summary>
    /// Starts children on the thread pool, in the caller's flow, one after the other and after the starts made before
    /// (<paramref name="previous"/>): as in OTP, each child's start (its code up to its first wait) has run before the
    /// next one's begins. Returns the new end of the chain.
    /// </summary>
    public static Task StartInOrder(Task previous, List<PendingStart> starts) =>
        starts.Count == 0
            ? previous
            : previous.ContinueWith(
                static (_, state) =>
                {
                    foreach (var (work, started, token) in (List<PendingStart>)state!)
                    {
                        started.SetResult(Invoke(work, token));
                    }
                },
                starts,
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default);

    private static Task Invoke(Func<CancellationToken, Task> work, CancellationToken token)
    {
        try
        {
            return work(token) ?? Task.FromException(new InvalidOperationException("A supervised child's work returned no task (null)."));
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    /// <summary>A run made but not started yet: <see cref="StartInOrder"/> calls the work, and its task becomes the run's.</summary>
    public readonly record struct PendingStart(Func<CancellationToken, Task> Work, TaskCompletionSource<Task> Started, CancellationToken Token);
}
