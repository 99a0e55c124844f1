namespace Modulets;

/// <summary>The default source: the module is the modules folder itself, or its newest versioned subfolder.</summary>
internal sealed class FolderModuleSource(string path, ModuleFolderLayout layout, UpdateDetection detection, TimeSpan pollingInterval) : ModuleSource
{
    private FolderChangeWatcher? _watcher;

    public override string Location { get; } = Path.GetFullPath(path);

    public override void Start(ModuleSourceContext context)
    {
        if (detection != UpdateDetection.Manual)
        {
            _watcher = new FolderChangeWatcher(Location, detection, pollingInterval, GetFingerprint, context);
        }
    }

    /// <summary>Describes the content folder by file names, sizes and write times only, so an unchanged folder costs no file read.</summary>
    /// <remarks>With versioned subfolders: every subfolder's name, and the newest one's files.</remarks>
    public override string GetFingerprint()
    {
        try
        {
            if (!Directory.Exists(Location))
            {
                return File.Exists(Location) ? "file" : "missing";
            }

            if (layout == ModuleFolderLayout.Flat)
            {
                return string.Join('\n', FolderEntries.Describe(Location));
            }

            var versions = VersionFolders();
            return string.Join('\n', [.. versions, .. versions.Count == 0 ? [] : FolderEntries.Describe(versions[^1])]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ModuleLoadException)
        {
            return $"unreadable: {e.Message}";
        }
    }

    public override ModuleContent GetContent()
    {
        ModuleFileSelector.EnsureFolder(Location);
        if (layout == ModuleFolderLayout.Flat)
        {
            return new ModuleContent(Location);
        }

        var newest = NewestVersionFolder()
            ?? throw new ModuleLoadException(
                $"The modules folder '{Location}' has no version subfolder (the layout is {nameof(ModuleFolderLayout.VersionedSubfolders)}; names starting with '.' or '_' are ignored).",
                Location,
                null);
        return VersionContent(newest);
    }

    /// <summary>With versioned subfolders, the next older subfolder: the newest one that is good serves.</summary>
    /// <summary>Versioned subfolders are ordered by name, numbers by value (<c>v10</c> after <c>v9</c>), as the newest is chosen; a flat folder has no order.</summary>
    public override int? CompareVersions(IReadOnlyDictionary<string, string> x, IReadOnlyDictionary<string, string> y) =>
        layout == ModuleFolderLayout.VersionedSubfolders && x.TryGetValue(ModuleLabels.Folder, out var left) && y.TryGetValue(ModuleLabels.Folder, out var right)
            ? NaturalOrder.Instance.Compare(left, right)
            : null;

    public override ModuleContent? GetFallbackContent(ModuleContent rejected, string? currentFolder)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        if (layout == ModuleFolderLayout.Flat)
        {
            return null;
        }

        var older = VersionFolders().LastOrDefault(folder => CompareNames(folder, rejected.Folder) < 0);
        return older is null || (currentFolder is not null && CompareNames(older, currentFolder) < 0) ? null : VersionContent(older);
    }

    private static int CompareNames(string a, string b) => NaturalOrder.Instance.Compare(Path.GetFileName(a), Path.GetFileName(b));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _watcher?.Dispose();
        }

        base.Dispose(disposing);
    }

    private static ModuleContent VersionContent(string folder) =>
        new(folder, new Dictionary<string, string> { [ModuleLabels.Folder] = Path.GetFileName(folder) });

    private string? NewestVersionFolder() => VersionFolders().LastOrDefault();

    /// <summary>The version subfolders, oldest first in natural order.</summary>
    private List<string> VersionFolders()
    {
        try
        {
            return [.. Directory.EnumerateDirectories(Location)
                .Where(folder => Path.GetFileName(folder) is [not ('.' or '_'), ..])
                .Order(Comparer<string>.Create(CompareNames))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModuleLoadException($"The modules folder '{Location}' cannot be read: {e.Message}", Location, null, e);
        }
    }
}
