namespace Modulets.Diagnostics;

/// <summary>What keeps one version loaded in a heap snapshot: the root paths to its objects and the threads running its code.</summary>
/// <param name="LoadContext">The name of the version's load context (<c>Modulets version SHORTID</c>).</param>
/// <param name="Assemblies">The version's assemblies found in the snapshot.</param>
/// <param name="Paths">The root paths, one per holder (at most 20).</param>
/// <param name="Truncated">Whether more holders were found than the paths listed.</param>
/// <param name="Threads">The threads whose stacks run the version's code, each as <c>thread N runs Type.Method(...)</c>.</param>
public sealed record VersionHolders(string LoadContext, IReadOnlyList<string> Assemblies, IReadOnlyList<RootPath> Paths, bool Truncated, IReadOnlyList<string> Threads)
{
    /// <summary>Gets whether nothing holds the version any more: it is collected at the next garbage collections.</summary>
    public bool IsHeldByNothing => Paths.Count == 0 && Threads.Count == 0;

    /// <summary>Gets how many root paths hold it, in words: <c>held by 2 root paths</c>, <c>no root path reaches it</c>.</summary>
    public string HeldBy => Paths.Count switch
    {
        0 => "no root path reaches it",
        1 => "held by 1 root path",
        var n when Truncated => $"held by more than {n} root paths (the first {n} below)",
        var n => $"held by {n} root paths",
    };
}
