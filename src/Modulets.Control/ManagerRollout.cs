namespace Modulets.Control;

/// <summary>The answer of <c>GET {prefix}/api/managers/{name}/rollout</c>.</summary>
/// <param name="Manager">The manager's name.</param>
/// <param name="Rollout">The rollout in progress, or the last one to end; <see langword="null"/> when there has been none (no canary configured, or no new content since the start).</param>
public sealed record ManagerRollout(string Manager, RolloutReport? Rollout);
