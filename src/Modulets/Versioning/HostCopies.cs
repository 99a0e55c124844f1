namespace Modulets;

/// <summary>
/// Finds the contracts the build copied into new content: assemblies the host has too (loaded, or among the
/// application's own) that are a project of the host's build or of the module's (a project reference, as its
/// <c>.deps.json</c> lists it), and whose interfaces the module's public types implement or whose classes they extend.
/// A private copy of a contract would make every module object fail the host's casts, so the host's copy serves
/// instead. That is what <c>dotnet build -o</c> leaves beside a module that references its contract project (the
/// same build as the host's), or a contract built separately (another build).
/// </summary>
/// <remarks>
/// A package is never taken for a contract, even when a module type implements its interfaces (a Json.NET
/// <c>ISerializationBinder</c>, say): a private copy keeps its static caches private to the version, which a shared
/// copy would fill with the version's types and so keep every version alive. An assembly the isolation policy names
/// explicitly (<c>Isolate("Newtonsoft.Json")</c>, not a wildcard) is never inferred either: explicit entries win.
/// </remarks>
internal static class HostCopies
{
    public static IReadOnlyList<HostCopy> Find(IReadOnlyCollection<ModuleAssemblyImage> images, IReadOnlySet<string> moduleProjects, IsolationRules rules)
    {
        var found = new List<HostCopy>();
        foreach (var image in images.Where(image => image.IsIsolated && image.Culture.Length == 0 && !rules.NamesIsolated(image.Name)))
        {
            if ((ProjectReferences.OfHost.Contains(image.Name) || moduleProjects.Contains(image.Name))
                && HostAssemblies.FindBuild(image.Name) is { } hostBuild
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
