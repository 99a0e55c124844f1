using System.Runtime.CompilerServices;

namespace Modulets.TestUtilities;

/// <summary>Bounded garbage-collection loops for unload tests: no sleeps, a fixed number of full collections.</summary>
public static class Collect
{
    public const int MaxRounds = 50;

    /// <summary>Collects until every weak reference is dead, at most <see cref="MaxRounds"/> times; returns whether they all died.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool UntilDead(params WeakReference[] references) => Until(() => references.All(r => !r.IsAlive));

    /// <summary>
    /// Yields, then collects until the condition holds, at most <see cref="MaxRounds"/> times. Use it after awaiting
    /// something a job completed: xunit resumes the test with the execution context of the thread that completed it
    /// (the job's, which holds the job's load context) for as long as the test runs without yielding.
    /// </summary>
    public static async Task<bool> UntilAsync(Func<bool> condition)
    {
        await Task.Yield();
        return Until(condition);
    }

    /// <summary>Collects until the condition holds, at most <see cref="MaxRounds"/> times; returns whether it held.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool Until(Func<bool> condition)
    {
        for (var round = 0; round < MaxRounds; round++)
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
