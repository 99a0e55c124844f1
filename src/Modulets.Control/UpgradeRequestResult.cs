namespace Modulets.Control;

/// <summary>What a request to upgrade a version's jobs did.</summary>
/// <param name="JobsTold">How many upgradable jobs were told to hand off to the current version.</param>
/// <param name="Version">The version whose jobs were told.</param>
public sealed record UpgradeRequestResult(int JobsTold, VersionStatus Version);
