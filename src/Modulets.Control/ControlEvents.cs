namespace Modulets.Control;

/// <summary>The names of the events <c>{prefix}/api/events</c> streams (the SSE <c>event:</c> field).</summary>
public static class ControlEvents
{
    /// <summary>The first event of every stream, sent once the client hears everything; the data is the list of <see cref="ManagerStatus"/>.</summary>
    public const string Connected = "connected";

    /// <summary>A version moved in its life cycle; the data is a <see cref="VersionStateChangedEvent"/>.</summary>
    public const string VersionStateChanged = "versionStateChanged";

    /// <summary>A pattern was added to or removed from a list; the data is an <see cref="IsolationChangedEvent"/>.</summary>
    public const string IsolationChanged = "isolationChanged";

    /// <summary>New content was rejected; the data is an <see cref="UpdateRejectedEvent"/>.</summary>
    public const string UpdateRejected = "updateRejected";

    /// <summary>
    /// The running jobs per version changed (sent at most once a second per manager); the data is a
    /// <see cref="JobsSampledEvent"/>, the sample a <see cref="ManagerTimeline"/> gained.
    /// </summary>
    public const string JobsSampled = "jobsSampled";

    /// <summary>A canary rollout began, moved to its next step, or ended; the data is a <see cref="RolloutChangedEvent"/>.</summary>
    public const string RolloutChanged = "rolloutChanged";
}
