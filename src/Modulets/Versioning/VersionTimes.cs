namespace Modulets;

/// <summary>When a version moved through its life cycle; replaced whole by each transition, so a reader never sees half of one.</summary>
internal sealed record VersionTimes(
    DateTimeOffset CreatedAt,
    DateTimeOffset? RetiredAt = null,
    DateTimeOffset? PurgedAt = null,
    DateTimeOffset? UnloadedAt = null,
    DateTimeOffset? CollectedAt = null)
{
    /// <summary>Gets how long the version took to be collected after it was retired (or unloaded), once it has been.</summary>
    public TimeSpan? RetirementToCollection => CollectedAt - (RetiredAt ?? UnloadedAt ?? CollectedAt);
}
