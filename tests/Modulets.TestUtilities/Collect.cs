using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Modulets.TestUtilities;

/// <summary>
/// Bounded garbage-collection loops for unload tests. Proving that something stays alive takes a fixed number of full
/// collections; proving that something is collected takes collections until it is, within a deadline.
/// </summary>
public static class Collect
{
    private const int MaxRounds = 50;

    private const int RoundsBetweenPauses = 10;

    /// <summary>How long a collection may take to complete: far above what it needs, even on a loaded machine.</summary>
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_pause = TimeSpan.FromMilliseconds(20);

    /// <summary>Collects <see cref="MaxRounds"/> times, or until every weak reference is dead; returns whether they all died.</summary>
    /// <remarks>For proving that something stays alive: nothing else is waited for.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool UntilDead(params WeakReference[] references) => Until(() => references.All(r => !r.IsAlive), MaxRounds);

    /// <summary>Collects until every weak reference is dead, within 30 s; returns whether they all died.</summary>
    public static Task<bool> UntilDeadAsync(params WeakReference[] references) => UntilAsync(() => references.All(r => !r.IsAlive));

    /// <summary>
    /// Collects until the condition holds, within 30 s; returns whether it held. Part of an unload
    /// completes on other threads (the finalizer thread among them), which back-to-back collections can starve on a
    /// busy machine (a loaded test run once needed 350 ms more after 50 such rounds), so every few rounds the loop lets
    /// them run for a moment. It yields first: xunit resumes a test with the execution context of the thread that
    /// completed what it awaited (a job's, which holds the job's load context) until the test yields.
    /// </summary>
    public static async Task<bool> UntilAsync(Func<bool> condition)
    {
        await Task.Yield();
        var waited = Stopwatch.StartNew();
        while (!Until(condition, RoundsBetweenPauses))
        {
            if (waited.Elapsed > s_deadline)
            {
                return false;
            }

            await Task.Delay(s_pause);
        }

        return true;
    }

    /// <summary>Collects until the condition holds, at most <paramref name="rounds"/> times; returns whether it held.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool Until(Func<bool> condition, int rounds)
    {
        for (var round = 0; round < rounds; round++)
        {
            if (condition())
            {
                return true;
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        return condition();
    }
}
