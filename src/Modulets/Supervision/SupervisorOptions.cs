namespace Modulets;

/// <summary>How a <see cref="Supervisor"/> restarts its children, and how many restarts it allows (OTP's restart intensity).</summary>
public sealed class SupervisorOptions
{
    /// <summary>Gets or sets which children are restarted with the one that ended.</summary>
    /// <value><see cref="SupervisionStrategy.OneForOne"/>.</value>
    public SupervisionStrategy Strategy { get; init; } = SupervisionStrategy.OneForOne;

    /// <summary>Gets or sets OTP's <c>intensity</c>: how many restarts are allowed within <see cref="Within"/>; one more and the supervisor stops its children and fails.</summary>
    /// <value>1, as in OTP.</value>
    public int MaxRestarts { get; init; } = 1;

    /// <summary>Gets or sets OTP's <c>period</c>: the window over which restarts are counted.</summary>
    /// <value>5 seconds, as in OTP.</value>
    public TimeSpan Within { get; init; } = TimeSpan.FromSeconds(5);
}
