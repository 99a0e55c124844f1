namespace Modulets;

/// <summary>Where a canary rollout stands (see <see cref="RolloutStatus"/>).</summary>
public enum RolloutState
{
    /// <summary>The candidate takes its step's share of new jobs and is being judged.</summary>
    InProgress,

    /// <summary>The candidate became current after its last step (or an operator promoted it); the stable version drains.</summary>
    Promoted,

    /// <summary>The candidate failed too often (or an operator aborted it): it takes no new job, drains, and its content is not a candidate again.</summary>
    RolledBack,

    /// <summary>Newer content (or the stable version's own) arrived before the candidate was judged: it drains, and the newer content is the candidate now.</summary>
    Superseded,
}
