namespace Modulets;

/// <summary>
/// Where the versions of the module come from: a folder (the default, from <see cref="ModuletOptions.ModulesPath"/>),
/// a package feed (<c>Modulets.NuGet</c>), or your own. A source finds the content to load and says when it may have
/// changed; the manager reads, validates and versions it.
/// </summary>
/// <remarks>
/// A source must never hand out content that is still being written: a remote source downloads and verifies into a
/// folder of its own and only then reports the change. The manager calls the members from one thread at a time.
/// </remarks>
public abstract class ModuleSource : IDisposable
{
    /// <summary>Gets where the modules come from, as logs and errors should name it (a folder, a feed and package).</summary>
    public abstract string Location { get; }

    /// <summary>Starts noticing changes; the source calls <see cref="ModuleSourceContext.NotifyChanged"/> whenever its content may have changed.</summary>
    /// <param name="context">The manager's side: how to report changes, and the logging and clock to use.</param>
    public virtual void Start(ModuleSourceContext context)
    {
    }

    /// <summary>Describes the current content cheaply, without reading any file's bytes: equal fingerprints mean nothing changed.</summary>
    /// <returns>A fingerprint such as file names, sizes and write times, or a package version.</returns>
    public abstract string GetFingerprint();

    /// <summary>Finds the content to load now.</summary>
    /// <returns>The folder that holds the content, with labels that describe it.</returns>
    /// <exception cref="ModuleLoadException">There is no content, or it cannot be used; the message says why.</exception>
    public abstract ModuleContent GetContent();

    /// <summary>
    /// Gets content to fall back on when <paramref name="rejected"/> cannot become a version: an older complete copy of
    /// the module, such as the next older versioned subfolder, but never one older than the current version's.
    /// </summary>
    /// <param name="rejected">Content returned by <see cref="GetContent"/> or by an earlier call of this method.</param>
    /// <param name="currentFolder">The folder the current version was read from, or <see langword="null"/> before the first version.</param>
    /// <returns>Older content (the current version's own, when that is the next one), or <see langword="null"/> when there is none (the default).</returns>
    public virtual ModuleContent? GetFallbackContent(ModuleContent rejected, string? currentFolder) => null;

    /// <summary>
    /// Orders two versions of this source by their labels (<see cref="ModuleVersion.Labels"/>), so that an engine can
    /// tell whether a job's enqueuer ran newer code than a server has (Modulets.Hangfire never runs a job on older code).
    /// </summary>
    /// <param name="x">The labels of one version.</param>
    /// <param name="y">The labels of the other.</param>
    /// <returns>
    /// Less than zero when <paramref name="x"/> is older, zero when they are the same release, more when it is newer;
    /// <see langword="null"/> when the source has no order (the default, and a flat folder: its contents have no names)
    /// or the labels are not both this source's.
    /// </returns>
    public virtual int? CompareVersions(IReadOnlyDictionary<string, string> x, IReadOnlyDictionary<string, string> y) => null;

    /// <summary>Asks a remote source to look for an update now (a feed is polled); a folder has nothing to do.</summary>
    /// <param name="cancellationToken">Stops the check.</param>
    /// <returns>A task that completes when the source has what it found ready for <see cref="GetContent"/>.</returns>
    public virtual Task CheckForUpdatesAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Stops noticing changes and releases what the source holds.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Stops noticing changes and releases what the source holds.</summary>
    /// <param name="disposing"><see langword="true"/> when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
    }
}
