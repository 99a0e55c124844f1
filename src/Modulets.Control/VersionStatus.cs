namespace Modulets.Control;

/// <summary>A <see cref="ModuleVersion"/> as the control API shows it: every property, at the moment it was read.</summary>
/// <param name="Id">The content hash (<see cref="ModuleVersion.Id"/>).</param>
/// <param name="ShortId">The first 12 characters of the id.</param>
/// <param name="State">Where the version is in its life cycle.</param>
/// <param name="Location">The folder or package the version was read from.</param>
/// <param name="Assemblies">The simple names of the assemblies the version isolates.</param>
/// <param name="Labels">The source's labels (the folder, the package id and version).</param>
/// <param name="ActiveJobs">The jobs running on the version.</param>
/// <param name="JobsStarted">The jobs ever started on the version.</param>
/// <param name="JobsEnded">The jobs that ended on the version.</param>
/// <param name="JobsFaulted">The jobs that ended faulted on the version.</param>
/// <param name="CreatedAt">When the version was created.</param>
/// <param name="RetiredAt">When it stopped being current.</param>
/// <param name="PurgedAt">When its jobs were cancelled by a purge or the drain timeout.</param>
/// <param name="UnloadedAt">When its load context was unloaded.</param>
/// <param name="CollectedAt">When its collection was verified.</param>
/// <param name="LeakReport">What holds the version, when it leaked.</param>
public sealed record VersionStatus(
    string Id,
    string ShortId,
    ModuleVersionState State,
    string Location,
    IReadOnlyList<string> Assemblies,
    IReadOnlyDictionary<string, string> Labels,
    int ActiveJobs,
    long JobsStarted,
    long JobsEnded,
    long JobsFaulted,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RetiredAt,
    DateTimeOffset? PurgedAt,
    DateTimeOffset? UnloadedAt,
    DateTimeOffset? CollectedAt,
    string? LeakReport)
{
    /// <summary>Reads a version.</summary>
    /// <param name="version">The version.</param>
    /// <returns>Its status now.</returns>
    public static VersionStatus From(ModuleVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return new(
            version.Id,
            version.ShortId,
            version.State,
            version.Location,
            version.Assemblies,
            version.Labels,
            version.ActiveJobs,
            version.JobsStarted,
            version.JobsEnded,
            version.JobsFaulted,
            version.CreatedAt,
            version.RetiredAt,
            version.PurgedAt,
            version.UnloadedAt,
            version.CollectedAt,
            version.LeakReport);
    }
}
