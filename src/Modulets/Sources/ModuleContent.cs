namespace Modulets;

/// <summary>The content of one version as a source presents it: a folder to read, and labels that describe it.</summary>
/// <param name="folder">The folder that holds the module's assemblies (a build or publish output, or an extracted package).</param>
/// <param name="labels">What describes the content beyond its hash, such as a package id and version; copied to <see cref="ModuleVersion.Labels"/>.</param>
public sealed class ModuleContent(string folder, IReadOnlyDictionary<string, string>? labels = null)
{
    /// <summary>Gets the folder that holds the module's assemblies.</summary>
    public string Folder { get; } = folder ?? throw new ArgumentNullException(nameof(folder));

    /// <summary>Gets the labels that describe the content.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; } = labels ?? new Dictionary<string, string>();
}
