namespace Modulets;

/// <summary>When an upgradable job (<see cref="ModuletManager.StartUpgradableJob{TState}(string, TState, JobOptions, CancellationToken)"/>) is told that newer code is current.</summary>
public enum UpgradePolicy
{
    /// <summary>Never by itself: the job keeps its version for its life, as every job does, unless an operator asks (<see cref="ModuletManager.RequestUpgrade"/>).</summary>
    Never,

    /// <summary>Told as soon as newer code is current; it hands off at a point it declares safe, whenever that comes.</summary>
    WhenIdle,

    /// <summary>Told as soon as newer code is current, and expected to hand off within <see cref="ModuletOptions.UpgradeGracePeriod"/>; one that has not is logged (event 30) and left to <see cref="ModuletOptions.DrainTimeout"/>.</summary>
    Request,
}
