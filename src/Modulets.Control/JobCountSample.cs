namespace Modulets.Control;

/// <summary>How many jobs each version ran at one moment: a point of a manager's timeline.</summary>
/// <param name="At">When the jobs were counted.</param>
/// <param name="Jobs">The running jobs per version id; a version not listed ran none.</param>
public sealed record JobCountSample(DateTimeOffset At, IReadOnlyDictionary<string, int> Jobs);
