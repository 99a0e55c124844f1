namespace Modulets.TestUtilities;

/// <summary>A temporary modules folder for one test, deleted afterwards.</summary>
public sealed class ModulesFolder : IDisposable
{
    private ModulesFolder(string path)
    {
        Path = path;
        Directory.CreateDirectory(path);
    }

    public string Path { get; }

    /// <summary>Creates an empty folder under the system's temporary folder.</summary>
    public static ModulesFolder Create() =>
        new(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "modulets-tests", Guid.NewGuid().ToString("N")));

    /// <summary>Creates a folder that holds the given modules.</summary>
    public static ModulesFolder With(params CompiledModule[] modules)
    {
        var folder = Create();
        folder.Write(modules);
        return folder;
    }

    public string this[string fileName] => System.IO.Path.Combine(Path, fileName);

    /// <summary>Writes (or overwrites) the modules' assemblies and PDBs.</summary>
    public ModulesFolder Write(params CompiledModule[] modules)
    {
        foreach (var module in modules)
        {
            module.WriteTo(Path);
        }

        return this;
    }

    public void WriteFile(string fileName, byte[] content) => File.WriteAllBytes(this[fileName], content);

    public void CopyIn(string file) => File.Copy(file, this[System.IO.Path.GetFileName(file)], overwrite: true);

    public void Delete(string fileName) => File.Delete(this[fileName]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leaked test version may still have the folder open on some systems; the temp folder is cleaned eventually.
        }
    }
}
