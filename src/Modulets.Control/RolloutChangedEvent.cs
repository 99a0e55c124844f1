namespace Modulets.Control;

/// <summary>A canary rollout began, moved to its next step, or ended.</summary>
/// <param name="Manager">The manager's name.</param>
/// <param name="Rollout">The rollout right after the change.</param>
public sealed record RolloutChangedEvent(string Manager, RolloutReport Rollout);
