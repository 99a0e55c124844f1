namespace Modulets;

/// <summary>Runs a child started with <see cref="ModuletJob.Spawn(Func{CancellationToken, Task}, RestartIntensity)"/>: after each failure its intensity allows, it starts again (one for one); the next failure fails the job.</summary>
internal static class RestartingChild
{
    /// <param name="child">The child's work, called again for each restart.</param>
    /// <param name="intensity">How many restarts within which period.</param>
    /// <param name="job">The job, told of each restart, and named in the error when its intensity is reached.</param>
    /// <exception cref="ModuletException">The child failed once more than the intensity allows; its last failure is the inner exception.</exception>
    public static async Task RunAsync(Func<CancellationToken, Task> child, RestartIntensity intensity, ModuletJob job)
    {
        var cancellation = job.Cancellation;
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
                if (!intensity.AllowsRestart(restarts, job.TimeProvider.GetUtcNow()))
                {
                    // As a supervisor that gives up says so, with the child's last failure inside.
                    throw new ModuletException($"A child of job {job.Label} failed again after {intensity.MaxRestarts} restarts within {intensity.Within}: it is not restarted, and the job fails.", e);
                }

                job.OnChildRestarted(e, restarts.Count, $"one for one, {intensity}");
            }
        }
    }
}
