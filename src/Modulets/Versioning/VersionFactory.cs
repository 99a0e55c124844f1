using Microsoft.Extensions.Logging;

namespace Modulets;

/// <summary>
/// Makes a version of new, valid content: loads it in its own context, builds its services (a failed start-up's
/// context is watched until collected), records it in the catalog, and logs what it isolates and what the host serves.
/// </summary>
internal sealed class VersionFactory(VersionCatalog catalog, VersionServices services, VersionRetirement retirement, VersionEvents events, TimeProvider timeProvider, ILogger logger, KeyValuePair<string, object?> sourceTag)
{
    private readonly HashSet<string> _hostCopiesLogged = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="snapshot">The content.</param>
    /// <param name="started">When its read began.</param>
    /// <param name="initial">Current, or Candidate under a canary rollout.</param>
    /// <exception cref="ModuleLoadException">The new version's start-up failed.</exception>
    public ModuleVersion Create(ModuleSnapshot snapshot, long started, ModuleVersionState initial)
    {
        using var creating = ModuletsTelemetry.StartPhase("modulets.version.create");
        var loaded = new LoadedVersion(
            snapshot,
            services.Build,
            context => retirement.WatchRejected(CollectionProbe.Unload(context, e => Log.UnloadFailed(logger, e, snapshot.ShortId)), $"{snapshot.ShortId} of '{snapshot.Location}'"));
        var version = new ModuleVersion(loaded, timeProvider, events.OnStateChanged, initial);
        catalog.Add(version);
        ModuletsTelemetry.VersionLoadDuration.Record(timeProvider.GetElapsedTime(started).TotalSeconds, sourceTag);
        if (logger.IsEnabled(LogLevel.Information))
        {
            Log.VersionCreated(logger, version.ShortId, version.Location, string.Join(", ", version.Assemblies));
        }

        foreach (var name in version.Assemblies.Where(HostAssemblies.Contains))
        {
            Log.IsolatedAssemblyAlsoInHost(logger, version.ShortId, name);
        }

        LogHostCopies(snapshot);
        events.OnStateChanged(version, initial);
        return version;
    }

    /// <summary>Says once per contract that the host's copy serves instead of the folder's.</summary>
    private void LogHostCopies(ModuleSnapshot snapshot)
    {
        foreach (var copy in snapshot.HostCopies.Where(copy => _hostCopiesLogged.Add(copy.Image.Name + "/" + copy.SameBuild)))
        {
            if (copy.SameBuild)
            {
                Log.SameBuildAsHost(logger, copy.Image.FilePath, copy.Image.Name);
            }
            else
            {
                Log.ContractCopyReplacedByHost(logger, copy.Image.FilePath, copy.Image.Name);
            }
        }
    }
}
