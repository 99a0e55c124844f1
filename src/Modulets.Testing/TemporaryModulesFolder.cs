namespace Modulets.Testing;

/// <summary>A modules folder of a test's own, under the temporary folder, deleted when disposed.</summary>
public sealed class TemporaryModulesFolder : IDisposable
{
    /// <summary>Creates an empty folder.</summary>
    public TemporaryModulesFolder() => Path = Directory.CreateTempSubdirectory("modulets-testing-").FullName;

    /// <summary>Gets the folder's full path: give it to <see cref="ModuletOptions.ModulesPath"/>.</summary>
    public string Path { get; }

    /// <summary>Writes builds into the folder (each assembly and its PDB), replacing what has their names, each in one rename as a careful deployment does.</summary>
    /// <param name="builds">The builds.</param>
    /// <returns>This folder, for chaining.</returns>
    public TemporaryModulesFolder Write(params ModuleBuild[] builds)
    {
        ArgumentNullException.ThrowIfNull(builds);
        foreach (var build in builds)
        {
            Replace(build.AssemblyName + ".pdb", build.Symbols);
            Replace(build.FileName, build.Image);
        }

        return this;
    }

    /// <summary>Copies a build output (a module project's <c>bin/</c> folder, say) into the folder, replacing what is there file by file.</summary>
    /// <param name="buildOutput">The folder to copy.</param>
    /// <returns>This folder, for chaining.</returns>
    public TemporaryModulesFolder CopyFrom(string buildOutput)
    {
        ArgumentException.ThrowIfNullOrEmpty(buildOutput);
        foreach (var file in Directory.EnumerateFiles(buildOutput, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(Path, System.IO.Path.GetRelativePath(buildOutput, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }

        return this;
    }

    /// <summary>Deletes the folder.</summary>
    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }

    private void Replace(string fileName, byte[] content)
    {
        var target = System.IO.Path.Combine(Path, fileName);
        File.WriteAllBytes(target + ".tmp", content);
        File.Move(target + ".tmp", target, overwrite: true);
    }
}
