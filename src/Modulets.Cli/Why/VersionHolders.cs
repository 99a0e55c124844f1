namespace Modulets.Cli;

/// <summary>What keeps a version loaded in a heap snapshot: the root paths to its objects and the threads running its code.</summary>
/// <param name="LoadContext">The name of the version's load context.</param>
/// <param name="Assemblies">The version's assemblies found in the snapshot.</param>
/// <param name="Paths">The root paths, one per host-side holder.</param>
/// <param name="Truncated">Whether more holders were found than the paths listed.</param>
/// <param name="Threads">The threads whose stacks run the version's code, each as 'thread N in Type.Method'.</param>
internal sealed record VersionHolders(string LoadContext, IReadOnlyList<string> Assemblies, IReadOnlyList<RootPath> Paths, bool Truncated, IReadOnlyList<string> Threads);
