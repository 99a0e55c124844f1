using System.Collections.Concurrent;

namespace MagicNumber;

/// <summary>The state an upgradable magic job carries from version to version (<c>--upgrade</c>): a type of the host, shared with the module.</summary>
/// <param name="Job">The job's number.</param>
/// <param name="Ran">The versions the job ran on, with the magic number each had.</param>
/// <param name="FinishedWith">The magic number the job saw when it finished.</param>
public sealed record MagicWait(int Job, IReadOnlyList<string> Ran, int? FinishedWith = null);

/// <summary>Where the upgradable jobs wait and report: the host releases them all at once, and hears how each ended.</summary>
public static class MagicWaits
{
    private static readonly TaskCompletionSource s_release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private static readonly ConcurrentDictionary<int, TaskCompletionSource<MagicWait>> s_finished = new();

    public static Task Released => s_release.Task;

    public static void Release() => s_release.TrySetResult();

    public static void Report(MagicWait wait) => Finished(wait.Job).TrySetResult(wait);

    public static Task<MagicWait> WhenFinished(int job) => Finished(job).Task;

    private static TaskCompletionSource<MagicWait> Finished(int job) =>
        s_finished.GetOrAdd(job, _ => new TaskCompletionSource<MagicWait>(TaskCreationOptions.RunContinuationsAsynchronously));
}
