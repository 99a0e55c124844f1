using System.Text.Json;

namespace Modulets;

/// <summary>
/// Reads which libraries a <c>.deps.json</c> lists as projects (the build's own project references), as opposed to
/// packages: a contract is a project the host or the module was built with, a library such as Json.NET is a package.
/// A file that cannot be read lists no project.
/// </summary>
internal static class ProjectReferences
{
    /// <summary>The host's manifests: those the runtime started it with, and those beside the application (a test host is started with its runner's, the tests' own lie beside them).</summary>
    private static readonly Lazy<IReadOnlySet<string>> s_host = new(() => ReadAll(
        (AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(FolderEntries.Files(AppContext.BaseDirectory, "*.deps.json"))
            .Distinct(StringComparer.Ordinal)));

    /// <summary>Gets the simple names of the projects the host application was built with.</summary>
    public static IReadOnlySet<string> OfHost => s_host.Value;

    /// <summary>Reads the simple names of the projects the given <c>.deps.json</c> files list.</summary>
    public static IReadOnlySet<string> ReadAll(IEnumerable<string> depsFiles)
    {
        var projects = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var depsFile in depsFiles)
        {
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(depsFile));
                if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("libraries", out var libraries) && libraries.ValueKind == JsonValueKind.Object)
                {
                    foreach (var library in libraries.EnumerateObject())
                    {
                        if (library.Value.ValueKind == JsonValueKind.Object && library.Value.TryGetProperty("type", out var type) && type.ValueEquals("project"))
                        {
                            projects.Add(library.Name.Split('/')[0]);
                        }
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException)
            {
                // An unreadable manifest (a name that is not valid UTF-8 shows only when read) says nothing about
                // contracts; the module file selector reports it if it matters.
            }
        }

        return projects;
    }
}
