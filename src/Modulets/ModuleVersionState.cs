namespace Modulets;

/// <summary>Where a <see cref="ModuleVersion"/> is in its life cycle: Current → Draining → Unloading → Collected (or Leaked); under a canary rollout, a new version is a Candidate first, then Current (promoted) or Draining (rolled back).</summary>
public enum ModuleVersionState
{
    /// <summary>The version new jobs start on.</summary>
    Current,

    /// <summary>Replaced by a newer version; the jobs that started on it keep running on it until they end.</summary>
    Draining,

    /// <summary>Retired and without jobs: its load context was unloaded and the garbage collector has yet to free it.</summary>
    Unloading,

    /// <summary>Its load context and every assembly it loaded have been collected; only this record remains.</summary>
    Collected,

    /// <summary>Not collected within <see cref="ModuletOptions.UnloadTimeout"/>: something still references its code (see <see cref="ModuleVersion.LeakReport"/>).</summary>
    Leaked,

    /// <summary>New content under a canary rollout (<see cref="ModuletOptions.Canary"/>): it takes a share of new jobs while the current version takes the rest, until it is promoted or rolled back.</summary>
    Candidate,
}
