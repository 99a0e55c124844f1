namespace Modulets;

/// <summary>
/// What a job does when one of its children fails, as an OTP supervisor would: by default the failure fails the job
/// (and cancels the other children); with <see cref="OneForOne"/> the failed child alone is started again, on the same
/// version, unless it has failed too often too recently.
/// </summary>
public sealed class RestartStrategy
{
    private RestartStrategy(int maxRestarts, TimeSpan within)
    {
        MaxRestarts = maxRestarts;
        Within = within;
    }

    /// <summary>Gets the strategy that never restarts: a failing child fails its job.</summary>
    public static RestartStrategy Never { get; } = new(0, TimeSpan.Zero);

    /// <summary>Gets how many restarts are allowed within <see cref="Within"/>; one more failure fails the job.</summary>
    public int MaxRestarts { get; }

    /// <summary>Gets the period over which restarts are counted.</summary>
    public TimeSpan Within { get; }

    /// <summary>Restarts a failed child, at most <paramref name="maxRestarts"/> times within <paramref name="within"/> (OTP's restart intensity); the next failure fails the job.</summary>
    /// <param name="maxRestarts">How many restarts are allowed within the period; at least 1.</param>
    /// <param name="within">The period over which restarts are counted; positive.</param>
    /// <returns>The strategy.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxRestarts"/> is below 1 or <paramref name="within"/> is not positive.</exception>
    public static RestartStrategy OneForOne(int maxRestarts, TimeSpan within)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRestarts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(within, TimeSpan.Zero);
        return new RestartStrategy(maxRestarts, within);
    }

    /// <summary>Runs a child, restarting it after each failure this strategy allows; a failure it does not allow, or a cancellation of the job, ends it.</summary>
    /// <param name="child">The child's work, called again for each restart.</param>
    /// <param name="timeProvider">The clock for the restart intensity.</param>
    /// <param name="restarted">Told of each restart, with the failure, how many restarts the period holds, and this strategy.</param>
    /// <param name="job">The job's label, for the error that says the restart intensity was reached.</param>
    /// <param name="cancellation">The job's cancellation: a child that stops because of it is not restarted.</param>
    /// <exception cref="ModuletException">The child failed once more than the intensity allows; its last failure is the inner exception.</exception>
    internal Task RunAsync(Func<CancellationToken, Task> child, TimeProvider timeProvider, Action<Exception, int, RestartStrategy> restarted, string job, CancellationToken cancellation) =>
        MaxRestarts == 0 ? child(cancellation) : RunSupervisedAsync(child, timeProvider, restarted, job, cancellation);

    /// <summary>Decides whether a child that failed now may restart, given the times of its earlier restarts (which it updates).</summary>
    internal bool AllowsRestart(Queue<DateTimeOffset> restarts, DateTimeOffset now)
    {
        while (restarts.TryPeek(out var oldest) && now - oldest >= Within)
        {
            restarts.Dequeue();
        }

        if (restarts.Count >= MaxRestarts)
        {
            return false;
        }

        restarts.Enqueue(now);
        return true;
    }

    private async Task RunSupervisedAsync(Func<CancellationToken, Task> child, TimeProvider timeProvider, Action<Exception, int, RestartStrategy> restarted, string job, CancellationToken cancellation)
    {
        var restarts = new Queue<DateTimeOffset>();
        while (true)
        {
            try
            {
                await child(cancellation).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (!(e is OperationCanceledException && cancellation.IsCancellationRequested))
            {
                if (!AllowsRestart(restarts, timeProvider.GetUtcNow()))
                {
                    // As a supervisor that gives up says so, with the child's last failure inside.
                    throw new ModuletException($"A child of job {job} failed again after {MaxRestarts} restarts within {Within} ({this}): it is not restarted, and the job fails.", e);
                }

                restarted(e, restarts.Count, this);
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => MaxRestarts == 0 ? "never restart" : $"one-for-one, at most {MaxRestarts} restarts within {Within}";
}
