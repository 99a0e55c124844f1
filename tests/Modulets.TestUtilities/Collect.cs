using System.Runtime.CompilerServices;

namespace Modulets.TestUtilities;

/// <summary>Bounded garbage-collection loops for unload tests: no sleeps, a fixed number of full collections.</summary>
public static class Collect
{
    public const int MaxRounds = 50;

    /// <summary>Collects until every weak reference is dead, at most <see cref="MaxRounds"/> times; returns whether they all died.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool UntilDead(params WeakReference[] references) => Until(() => references.All(r => !r.IsAlive));

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
