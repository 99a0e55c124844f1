namespace Modulets;

/// <summary>
/// Finds the contracts in new content: assemblies the host has too (loaded, or among the application's own), whose
/// interfaces the module's public types implement or whose classes they extend. A private copy of a contract would
/// make every module object fail the host's casts, so the host's copy serves instead, whatever the isolation policy
/// says. That is what <c>dotnet build -o</c> leaves beside a module that references its contract project (the same
/// build as the host's), or a contract built separately (another build).
/// </summary>
/// <remarks>
/// Any other assembly the host also has stays isolated, even the same build (say, the Json.NET the host uses too): a
/// private copy keeps its static caches private to the version, which a shared copy would fill with the version's
/// types and so keep every version alive.
/// </remarks>
internal static class HostCopies
{
    public static IReadOnlyList<HostCopy> Find(IReadOnlyCollection<ModuleAssemblyImage> images)
    {
        var found = new List<HostCopy>();
        foreach (var image in images.Where(image => image.IsIsolated && image.Culture.Length == 0))
        {
            if (HostAssemblies.FindBuild(image.Name) is { } hostBuild
                && images.Any(other => other != image && other.IsIsolated && other.IsContract(image.Name)))
            {
                found.Add(new HostCopy(image, SameBuild: hostBuild == image.Mvid));
            }
        }

        return found;
    }
}

/// <summary>A contract of the content that the host's copy replaces: the same build as the host's, or another one.</summary>
internal sealed record HostCopy(ModuleAssemblyImage Image, bool SameBuild);
