namespace Modulets.Testing;

/// <summary>Assertions on the end of a version's life, for any test framework: they throw <see cref="VersionNotCollectedException"/>.</summary>
public static class VersionCollectionAssertions
{
    /// <summary>
    /// Waits until a retired version is proven collected, collecting garbage meanwhile (a bounded loop, never a
    /// sleep-and-hope), and fails with the leak report when it is reported leaked or the time is up.
    /// </summary>
    /// <param name="version">A version that is no longer current (its jobs ended, or will).</param>
    /// <param name="timeout">How long to wait; 30 seconds when omitted. Keep it at least <see cref="ModuletOptions.UnloadTimeout"/>.</param>
    /// <returns>A task that completes when the version is collected.</returns>
    /// <exception cref="VersionNotCollectedException">The version leaked, or did not end in time; the message says what holds it.</exception>
    public static async Task ShouldBeCollectedAsync(this ModuleVersion version, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(version);
        // Yield first: a test resumed by a job's code runs in that job's flow until it does, and would hold the version.
        await Task.Yield();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!version.UnloadCompletion.IsCompleted && DateTime.UtcNow < deadline)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.WhenAny(version.UnloadCompletion, Task.Delay(50)).ConfigureAwait(false);
        }

        var state = version.UnloadCompletion.IsCompleted ? await version.UnloadCompletion.ConfigureAwait(false) : version.State;
        if (state != ModuleVersionState.Collected)
        {
            throw new VersionNotCollectedException(
                $"Version {version.ShortId} is {state}, not collected{(state == ModuleVersionState.Leaked ? string.Empty : $" after {timeout ?? TimeSpan.FromSeconds(30)}")}. {version.LeakReport ?? $"Jobs still running on it: {version.ActiveJobs}."}",
                version);
        }
    }
}
