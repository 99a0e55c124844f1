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

    public static ModuletJob? Current => s_current.Value;

    /// <summary>Enters the job's flow. The contextual-reflection scope is entered and left through the execution context alone: no local holds the load context.</summary>
    public static void Enter(ModuletJob job)
    {
        _ = job.Version.Loaded.Context.EnterContextualReflection();
        s_current.Value = job;
    }

    /// <summary>
    /// Leaves the job's flow. A part must do so before it ends: ending may unload the version and resume host code, and
    /// nothing of the job's flow (it holds the load context) may be left by then.
    /// </summary>
    public static void Leave()
    {
        s_current.Value = null;
        _ = AssemblyLoadContext.EnterContextualReflection(null);
    }
}
