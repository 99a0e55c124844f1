namespace Modulets;

/// <summary>How a <see cref="Supervisor"/> restarts its children, and how many restarts it allows (OTP's restart intensity).</summary>
public sealed class SupervisorOptions
{
    /// <summary>Gets or sets which children are restarted with the one that ended.</summary>
    /// <value><see cref="SupervisionStrategy.OneForOne"/>.</value>
    public SupervisionStrategy Strategy { get; init; } = SupervisionStrategy.OneForOne;

    /// <summary>Gets or sets how many restarts are allowed within which period; one more and the supervisor stops its children and fails.</summary>
    /// <value><see cref="RestartIntensity.Default"/>: 1 restart within 5 seconds, as in OTP.</value>
    public RestartIntensity Intensity { get; init; } = RestartIntensity.Default;
}
