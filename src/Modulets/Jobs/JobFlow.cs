using System.Runtime.Loader;

namespace Modulets;

/// <summary>
/// Enters and leaves a job's flow: <see cref="ModuletJob.Current"/> and contextual reflection for the job's version,
/// both carried by the execution context, so they flow through awaits and child tasks and never touch the thread that
/// started the job.
/// </summary>
internal static class JobFlow
{
    private static readonly AsyncLocal<ModuletJob?> s_current = new();

    /// <summary>The flow of a thread that carries no value at all, as most callers of <c>StartJob</c> do.</summary>
    private static readonly ExecutionContext s_empty = CaptureEmpty();

    public static ModuletJob? Current => s_current.Value;

    /// <summary>Gets the flow of a thread that carries no value.</summary>
    public static ExecutionContext Empty => s_empty;

    /// <summary>Enters the job's flow. The contextual-reflection scope is entered and left through the execution context alone: no local holds the load context.</summary>
    /// <returns>The flow the part ran in before, for <see cref="Leave"/>: the caller's, never a version's.</returns>
    public static ExecutionContext? Enter(ModuletJob job)
    {
        var outer = ExecutionContext.Capture();
        var loaded = job.Version.Loaded;
        if (ReferenceEquals(outer, s_empty))
        {
            // Most jobs start from a flow that carries nothing: their version keeps one flow with its contextual
            // reflection entered, and each such job adds only itself to it.
            ExecutionContext.Restore(loaded.ReflectionFlow ??= EnterReflection(loaded));
        }
        else
        {
            _ = loaded.Context.EnterContextualReflection();
        }

        s_current.Value = job;
        return outer;
    }

    /// <summary>Captures the flow of a new thread started without the caller's: the empty one, whatever the caller carries or suppresses.</summary>
    private static ExecutionContext CaptureEmpty()
    {
        ExecutionContext? empty = null;
        var thread = new Thread(() => empty = ExecutionContext.Capture()) { IsBackground = true };
        thread.UnsafeStart();
        thread.Join();
        return empty!;
    }

    private static ExecutionContext EnterReflection(LoadedVersion loaded)
    {
        _ = loaded.Context.EnterContextualReflection();
        return ExecutionContext.Capture()!;
    }

    /// <summary>
    /// Leaves the job's flow for the one it was entered from. A part must do so before it ends: ending may unload the
    /// version and resume host code, and nothing of the job's flow (it holds the load context) may be left by then.
    /// Going back to the captured flow costs nothing; undoing the two values would make two more flows per part.
    /// </summary>
    public static void Leave(ExecutionContext? outer)
    {
        if (outer is not null)
        {
            ExecutionContext.Restore(outer);
            if (s_current.Value is null)
            {
                return;
            }

            // A child entered from its job's own flow: going back to it is not leaving the job.
        }

        s_current.Value = null;
        _ = AssemblyLoadContext.EnterContextualReflection(null);
    }
}
