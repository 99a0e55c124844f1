namespace Modulets.Hangfire;

/// <summary>The job parameters Modulets writes on each Hangfire job it performs (Hangfire's dashboard shows them).</summary>
public static class ModuletsJobParameters
{
    /// <summary>The full id of the version the job last ran on.</summary>
    public const string Version = "Modulets.Version";

    /// <summary>The name of the manager that ran it.</summary>
    public const string Manager = "Modulets.Manager";
}
