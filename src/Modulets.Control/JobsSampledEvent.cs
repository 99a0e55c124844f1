namespace Modulets.Control;

/// <summary>A manager's job counts changed: the sample its timeline gained.</summary>
/// <param name="Manager">The manager's name.</param>
/// <param name="Sample">The counts, per version.</param>
public sealed record JobsSampledEvent(string Manager, JobCountSample Sample);
