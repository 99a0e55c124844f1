namespace Modulets;

/// <summary>Reads the module's assemblies from one folder: every <c>*.dll</c> at its top level, with the PDB beside it.</summary>
internal sealed class FolderModuleSource(string path)
{
    public string Location { get; } = Path.GetFullPath(path);

    /// <exception cref="ModuleLoadException">The folder is missing, unreadable or empty, or an assembly in it is bad.</exception>
    public ModuleSnapshot Read(IsolationRules rules) => ModuleSnapshotReader.Read(Location, ListAssemblyFiles(), rules);

    /// <summary>
    /// Describes the folder by file names, sizes and write times only, so the source can tell that nothing changed
    /// without reading or hashing a single file.
    /// </summary>
    public string ReadFingerprint()
    {
        try
        {
            var directory = new DirectoryInfo(Location);
            if (!directory.Exists)
            {
                return File.Exists(Location) ? "file" : "missing";
            }

            return string.Join(
                '\n',
                directory.EnumerateFiles()
                    .OrderBy(file => file.Name, StringComparer.Ordinal)
                    .Select(file => $"{file.Name}|{file.Length}|{file.LastWriteTimeUtc.Ticks}"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"unreadable: {e.Message}";
        }
    }

    private string[] ListAssemblyFiles()
    {
        if (File.Exists(Location))
        {
            throw new ModuleLoadException($"The modules path '{Location}' is a file, not a folder.", Location, null);
        }

        if (!Directory.Exists(Location))
        {
            throw new ModuleLoadException($"The modules folder '{Location}' does not exist.", Location, null);
        }

        string[] files;
        try
        {
            files = Directory.GetFiles(Location, "*.dll", SearchOption.TopDirectoryOnly);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModuleLoadException($"The modules folder '{Location}' cannot be read: {e.Message}", Location, null, e);
        }

        if (files.Length == 0)
        {
            throw new ModuleLoadException($"The modules folder '{Location}' contains no assemblies (*.dll).", Location, null);
        }

        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }
}
