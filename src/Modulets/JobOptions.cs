namespace Modulets;

/// <summary>What a job is called and tagged with: it appears in the log, on the job's activity, in leak reports and in <see cref="ModuletJob.ToString"/>.</summary>
public sealed class JobOptions
{

    /// <summary>Gets the job's name, such as <c>"monthly-billing"</c> or a customer's id.</summary>
    /// <value><see langword="null"/>: the job is known by its <see cref="ModuletJob.Id"/> only.</value>
    public string? Name { get; init; }

    /// <summary>Gets when an upgradable job is told that newer code is current; <see langword="null"/> takes <see cref="ModuletOptions.UpgradePolicy"/>.</summary>
    public UpgradePolicy? Upgrade { get; init; }

    /// <summary>Gets labels for the job, such as its tenant or the request that started it.</summary>
    /// <value>None.</value>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = NoTags;

    /// <summary>
    /// Gets the version the job must start on: the current version, or the candidate of a canary rollout. For engines that
    /// must not run a job on code older than the code that asked for it (Modulets.Hangfire); every other job lets the
    /// manager choose.
    /// </summary>
    /// <value><see langword="null"/>: the current version, or the candidate for its share of jobs.</value>
    public ModuleVersion? Version { get; init; }

    /// <summary>Gets whether the job starts on the current version even while a canary rollout's candidate takes a share of new jobs: an upgradable job's successors hand off only to promoted code.</summary>
    internal bool OnCurrentVersion { get; init; }

    internal static IReadOnlyDictionary<string, string> NoTags { get; } = System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty;
}
