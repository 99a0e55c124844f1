namespace Modulets.Quartz;

/// <summary>What Modulets leaves on a Quartz job's execution context, and the names of its own triggers.</summary>
public static class ModuletsQuartzKeys
{
    /// <summary>The key of the fire's <c>MergedJobDataMap</c> that holds the full id of the version it ran on (job listeners read it in <c>JobWasExecuted</c>); it is not stored.</summary>
    public const string Version = "Modulets.Version";

    /// <summary>The trigger group of the one-off triggers that fire a job again once a version implements its contract.</summary>
    public const string RetryGroup = "Modulets.Retry";
}
