namespace Modulets;

/// <summary>The files of a module folder that this process uses: its managed assemblies (satellites included) and its native libraries.</summary>
internal sealed record ModuleFiles(IReadOnlyList<string> Assemblies, IReadOnlyList<string> NativeLibraries);
