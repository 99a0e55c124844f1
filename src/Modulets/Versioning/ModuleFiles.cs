namespace Modulets;

/// <summary>The files of a module folder that this process uses: its managed assemblies (satellites included), its native libraries, and the dependency manifests (<c>*.deps.json</c>) that chose them.</summary>
internal sealed record ModuleFiles(IReadOnlyList<string> Assemblies, IReadOnlyList<string> NativeLibraries, IReadOnlyList<string> DependencyManifests);
