namespace Modulets.Control;

/// <summary>A running <see cref="ModuletJob"/> as the control API shows it.</summary>
/// <param name="Id">The job's id, unique within its manager.</param>
/// <param name="Name">The name given in <see cref="JobOptions"/>, if any.</param>
/// <param name="Tags">The tags given in <see cref="JobOptions"/>.</param>
/// <param name="Version">The full id of the version the job runs on.</param>
/// <param name="StartedAt">When the job started.</param>
/// <param name="ActiveChildren">The children the job spawned that still run.</param>
public sealed record JobStatus(
    long Id,
    string? Name,
    IReadOnlyDictionary<string, string> Tags,
    string Version,
    DateTimeOffset StartedAt,
    int ActiveChildren)
{
    /// <summary>Reads a job.</summary>
    /// <param name="job">The job.</param>
    /// <returns>Its status now.</returns>
    public static JobStatus From(ModuletJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new(job.Id, job.Name, job.Tags, job.Version.Id, job.StartedAt, job.ActiveChildren);
    }
}
