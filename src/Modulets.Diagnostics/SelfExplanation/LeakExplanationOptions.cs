namespace Modulets.Diagnostics;

/// <summary>How a host explains its own leaks (<c>AddModuletsLeakExplanation</c>): how often it may snapshot itself, and where.</summary>
public sealed class LeakExplanationOptions
{
    /// <summary>Gets or sets the least time between two snapshots; a leak declared sooner is explained by no snapshot (its report still says how to ask for one).</summary>
    /// <value>10 minutes.</value>
    public TimeSpan MinimumInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets where the snapshot is written; the file is removed once read.</summary>
    /// <value><see langword="null"/>: a private temporary folder.</value>
    public string? SnapshotDirectory { get; set; }
}
