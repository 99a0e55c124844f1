using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Modulets;

/// <summary>
/// The health of every Modulets manager of the host: Unhealthy when one serves no version (none could be loaded, or
/// the first is still on its way), Degraded when one has a leaked version or keeps rejecting its newest content,
/// Healthy otherwise. The result's data says, for each manager, its current version and its problems.
/// </summary>
internal sealed class ModuletsHealthCheck(ModuletManagerRegistry managers) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = HealthStatus.Healthy;
        var problems = new List<string>();
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var manager in managers.Managers)
        {
            var (managerStatus, version, managerProblems) = Check(manager);
            status = (HealthStatus)Math.Min((int)status, (int)managerStatus);
            data[$"{manager.Name}.version"] = version ?? "none";
            if (managerProblems.Count > 0)
            {
                data[$"{manager.Name}.problems"] = managerProblems;
                problems.AddRange(managerProblems.Select(problem => $"{manager.Name}: {problem}"));
            }
        }

        var description = problems.Count == 0 ? $"{data.Count} managers serve their versions." : string.Join(" ", problems);
        return Task.FromResult(new HealthCheckResult(status == HealthStatus.Unhealthy ? context.Registration.FailureStatus : status, description, data: data));
    }

    private static (HealthStatus Status, string? Version, List<string> Problems) Check(ModuletManager manager)
    {
        List<string> problems = [];
        ModuleVersion? current = null;
        try
        {
            current = manager.CurrentVersion;
        }
        catch (ModuleLoadException e)
        {
            problems.Add(manager.IsWaitingForFirstVersion ? $"no version yet: the source is still getting its first content ({e.Message})" : e.Message);
        }

        problems.AddRange(manager.Versions.Where(version => version.State == ModuleVersionState.Leaked)
            .Select(version => $"version {version.ShortId} leaked: it was not collected after its jobs ended (its leak report names what holds it)."));
        if (manager.UpdateRejection is { } rejection)
        {
            problems.Add($"the newest content is rejected, so new jobs stay on version {current?.ShortId ?? "none"}: {rejection.Message}");
        }

        var status = current is null ? HealthStatus.Unhealthy : problems.Count > 0 ? HealthStatus.Degraded : HealthStatus.Healthy;
        return (status, current?.ShortId, problems);
    }
}
