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
    public ModulesFolder Write(params CompiledModule[] modules) => Write(modules, subfolder: null);

    /// <summary>Writes (or overwrites) one module's assembly and PDB into a subfolder, creating it.</summary>
    public ModulesFolder Write(CompiledModule module, string subfolder) => Write([module], subfolder);

    /// <summary>Writes (or overwrites) modules into a subfolder (or the folder itself), creating it.</summary>
    public ModulesFolder Write(CompiledModule first, CompiledModule second, string subfolder) => Write([first, second], subfolder);

    private ModulesFolder Write(CompiledModule[] modules, string? subfolder)
    {
        var target = subfolder is null ? Path : this[subfolder];
        Directory.CreateDirectory(target);
        foreach (var module in modules)
        {
            module.WriteTo(target);
        }

        return this;
    }

    public void WriteFile(string fileName, byte[] content) => File.WriteAllBytes(this[fileName], content);

    public void CopyIn(string file) => File.Copy(file, this[System.IO.Path.GetFileName(file)], overwrite: true);

    public void Delete(string fileName) => File.Delete(this[fileName]);

    /// <summary>Copies a whole folder (a build output, say) into this one, overwriting what is there, file by file.</summary>
    public ModulesFolder CopyFrom(string source, string? subfolder = null)
    {
        var target = subfolder is null ? Path : this[subfolder];
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = System.IO.Path.Combine(target, System.IO.Path.GetRelativePath(source, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }

        return this;
    }

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
