namespace Modulets.Hangfire;

/// <summary>The job parameters Modulets writes on each Hangfire job it performs (Hangfire's dashboard shows them).</summary>
public static class ModuletsJobParameters
{
    /// <summary>The full id of the version the job last ran on (one write per performance, so it costs a storage round trip, not two).</summary>
    public const string Version = "Modulets.Version";

    /// <summary>The version of the code that enqueued the job (an <see cref="EnqueuerVersion"/>): no server runs the job on an older one.</summary>
    public const string EnqueuedBy = "Modulets.EnqueuedBy";
}
