namespace Modulets.Control;

/// <summary>A <see cref="ModuletManager"/> as the control API shows it.</summary>
/// <param name="Name">The manager's name (<c>default</c> unless <c>AddModulets</c> was given one).</param>
/// <param name="ModulesPath">The full path of the modules folder.</param>
/// <param name="Source">Where versions come from: the folder, or a feed.</param>
/// <param name="CurrentVersion">The version new jobs start on; <see langword="null"/> while no good version has loaded.</param>
/// <param name="CurrentVersionProblem">Why there is no current version, when there is none.</param>
/// <param name="ActiveJobs">The jobs running, on any version.</param>
/// <param name="Versions">The number of versions the manager knows (live, draining and retired).</param>
/// <param name="Isolation">The black and white lists.</param>
/// <param name="Rollout">The canary rollout in progress, or the last one to end; <see langword="null"/> when there has been none.</param>
public sealed record ManagerStatus(
    string Name,
    string ModulesPath,
    string Source,
    VersionStatus? CurrentVersion,
    string? CurrentVersionProblem,
    int ActiveJobs,
    int Versions,
    IsolationStatus Isolation,
    RolloutReport? Rollout)
{
    /// <summary>Reads a manager.</summary>
    /// <param name="manager">The manager.</param>
    /// <returns>Its status now.</returns>
    public static ManagerStatus From(ModuletManager manager)
    {
        ArgumentNullException.ThrowIfNull(manager);
        VersionStatus? current = null;
        string? problem = null;
        try
        {
            current = VersionStatus.From(manager.CurrentVersion);
        }
        catch (Exception e) when (e is ModuleLoadException or ObjectDisposedException)
        {
            problem = e.Message;
        }

        return new(manager.Name, manager.ModulesPath, manager.Source.Location, current, problem, manager.ActiveJobs, manager.Versions.Count, IsolationStatus.From(manager.Isolation), manager.Rollout is { } rollout ? RolloutReport.From(rollout) : null);
    }
}
