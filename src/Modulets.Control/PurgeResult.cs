namespace Modulets.Control;

/// <summary>What a purge did.</summary>
/// <param name="JobsCanceled">Whether jobs were cancelled (<see langword="false"/> when none were left, or the version was purged already).</param>
/// <param name="Version">The version, after the purge.</param>
public sealed record PurgeResult(bool JobsCanceled, VersionStatus Version);
