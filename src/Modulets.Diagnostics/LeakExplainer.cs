namespace Modulets.Diagnostics;

/// <summary>
/// Explains, from a heap snapshot, what keeps a version loaded: every GC root path to its objects, in readable names
/// (what <c>modulets why</c> prints). Costly: the process writes a dump about the size of its memory (it is paused
/// meanwhile, under a second for 200 MB), which is then read and walked (about 100,000 objects a second on two cores);
/// for a version that <see cref="ModuleVersionState.Leaked"/>, not for a health check.
/// </summary>
public static class LeakExplainer
{
    /// <summary>Explains what keeps a version of this process loaded.</summary>
    /// <param name="version">The version, usually one whose state is <see cref="ModuleVersionState.Leaked"/>.</param>
    /// <param name="options">Where the snapshot goes; <see langword="null"/> for a private temporary folder, deleted afterwards.</param>
    /// <param name="cancellationToken">Stops the walk (the snapshot, once asked for, is written to its end).</param>
    /// <returns>The explanation; its <see cref="LeakExplanation.Versions"/> is empty when the version has been collected.</returns>
    /// <exception cref="HeapSnapshotException">The snapshot cannot be taken or read; the message says why.</exception>
    public static Task<LeakExplanation> ExplainLeakAsync(this ModuleVersion version, HeapSnapshotOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        return ExplainAsync(Environment.ProcessId, version.ShortId, options, cancellationToken);
    }

    /// <summary>Explains what keeps a version of a local process loaded (a .NET process of this user, or any as root).</summary>
    /// <param name="processId">The process.</param>
    /// <param name="versionId">The version's id, or a prefix of at least 4 characters.</param>
    /// <param name="options">Where the snapshot goes; <see langword="null"/> for a private temporary folder, deleted afterwards.</param>
    /// <param name="cancellationToken">Stops the walk (the snapshot, once asked for, is written to its end).</param>
    /// <returns>The explanation; its <see cref="LeakExplanation.Versions"/> is empty when no loaded version matches.</returns>
    /// <exception cref="HeapSnapshotException">The snapshot cannot be taken or read; the message says why.</exception>
    public static async Task<LeakExplanation> ExplainAsync(int processId, string versionId, HeapSnapshotOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(versionId);
        options ??= new HeapSnapshotOptions();
        using var snapshot = await HeapSnapshot.TakeAsync(processId, options.Directory, options.Keep, cancellationToken).ConfigureAwait(false);
        var versions = VersionHolderSearch.Find(snapshot.Path, versionId, cancellationToken);
        return new LeakExplanation(processId, versionId, versions, snapshot.Bytes, snapshot.Took, options.Keep ? snapshot.Path : null);
    }
}
