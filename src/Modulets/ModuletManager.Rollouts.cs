namespace Modulets;

/// <content>Canary rollouts (<see cref="ModuletOptions.Canary"/>): where the rollout stands, and an operator's promotion or abort.</content>
public sealed partial class ModuletManager
{
    /// <summary>Raised, on the thread pool and in order with <see cref="VersionStateChanged"/>, when a canary rollout begins, moves to its next step, or ends (promoted, rolled back or superseded).</summary>
    public event EventHandler<RolloutChangedEventArgs>? RolloutChanged
    {
        add => _events.RolloutChanged += value;
        remove => _events.RolloutChanged -= value;
    }

    /// <summary>Gets the canary rollout in progress, or the last one to end; <see langword="null"/> before the first, or without <see cref="ModuletOptions.Canary"/>.</summary>
    public RolloutStatus? Rollout => _rollouts?.Status;

    /// <summary>Promotes the candidate now, whatever its step and rates: it becomes current for every new job, and the stable version drains.</summary>
    /// <returns>The rollout as it ended, or <see langword="null"/> when none was in progress.</returns>
    /// <exception cref="ObjectDisposedException">The manager has been disposed.</exception>
    public RolloutStatus? PromoteCandidate()
    {
        ThrowIfDisposed();
        return _rollouts?.Promote("an operator promoted it");
    }

    /// <summary>Rolls the candidate back now: it takes no new job, its running jobs keep their code and drain, and its content is not a candidate again on this manager.</summary>
    /// <returns>The rollout as it ended, or <see langword="null"/> when none was in progress.</returns>
    /// <exception cref="ObjectDisposedException">The manager has been disposed.</exception>
    public RolloutStatus? AbortRollout()
    {
        ThrowIfDisposed();
        return _rollouts?.Abort("an operator aborted it");
    }
}
