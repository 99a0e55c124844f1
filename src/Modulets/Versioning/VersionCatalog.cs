namespace Modulets;

/// <summary>Every version a manager created, in order: the live ones to reuse by id, and the collected ones as a bounded history.</summary>
internal sealed class VersionCatalog(int historyLimit)
{
    private readonly Lock _gate = new();
    private readonly List<ModuleVersion> _versions = [];

    public IReadOnlyCollection<ModuleVersion> Snapshot()
    {
        lock (_gate)
        {
            ForgetOldestCollected();
            return [.. _versions];
        }
    }

    public void Add(ModuleVersion version)
    {
        lock (_gate)
        {
            _versions.Add(version);
            ForgetOldestCollected();
        }
    }

    /// <summary>Finds a version with this id that jobs may still use: one that has not started to unload.</summary>
    public ModuleVersion? FindLive(string id)
    {
        lock (_gate)
        {
            return _versions.LastOrDefault(v => v.Id == id && IsLive(v));
        }
    }

    /// <summary>Gets the versions jobs may still run on (current, candidate and draining), oldest first.</summary>
    public IReadOnlyList<ModuleVersion> Live()
    {
        lock (_gate)
        {
            return [.. _versions.Where(IsLive)];
        }
    }

    private static bool IsLive(ModuleVersion version) => version.State is ModuleVersionState.Current or ModuleVersionState.Candidate or ModuleVersionState.Draining;

    private void ForgetOldestCollected()
    {
        var collected = _versions.Where(v => v.State == ModuleVersionState.Collected).ToList();
        foreach (var oldest in collected.Take(collected.Count - historyLimit))
        {
            _versions.Remove(oldest);
        }
    }
}
