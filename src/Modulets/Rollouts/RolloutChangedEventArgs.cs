namespace Modulets;

/// <summary>Tells that a canary rollout began, moved to its next step, or ended (promoted, rolled back or superseded).</summary>
/// <param name="status">The rollout as it stood right after the change.</param>
public sealed class RolloutChangedEventArgs(RolloutStatus status) : EventArgs
{
    /// <summary>Gets the rollout as it stood right after the change.</summary>
    public RolloutStatus Status { get; } = status;
}
