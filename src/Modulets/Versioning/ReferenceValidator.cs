using System.Reflection;
using System.Runtime.Loader;

namespace Modulets;

/// <summary>
/// Checks, before a version becomes current, that every reference of its isolated assemblies can be satisfied: by
/// the snapshot itself, or by the host at a version at least as high as the one referenced.
/// </summary>
internal static class ReferenceValidator
{
    // The default context binds a name the same way for the process's whole life: what it once provided is not asked again.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Version?> s_provided = new(StringComparer.OrdinalIgnoreCase);

    /// <exception cref="ModuleLoadException">A reference is missing, or the host has only an older version of it.</exception>
    public static void Validate(string location, IReadOnlyCollection<ModuleAssemblyImage> images)
    {
        var inSnapshot = images.Select(image => image.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var image in images.Where(image => image.IsIsolated))
        {
            foreach (var reference in image.References.Where(reference => !inSnapshot.Contains(reference.Name!)))
            {
                if (WhyHostCannotProvide(reference) is { } problem)
                {
                    throw new ModuleLoadException($"'{image.FilePath}' references '{reference.FullName}', {problem}.", location, image.FilePath);
                }
            }
        }
    }

    private static string? WhyHostCannotProvide(AssemblyName reference)
    {
        try
        {
            // The default context binds as it will when the module runs. Some hosts bind a lower version than the one
            // referenced; the module would then fail with MissingMethodException at some later call, so refuse it now.
            if (!s_provided.TryGetValue(reference.FullName, out var provided))
            {
                provided = AssemblyLoadContext.Default.LoadFromAssemblyName(reference).GetName().Version;
                s_provided.TryAdd(reference.FullName, provided);
            }

            return provided < reference.Version
                ? $"which the host cannot provide (it has version {provided}); update the host or build the module against the host's version"
                : null;
        }
        catch (FileNotFoundException)
        {
            return "which is neither in the modules folder nor available to the host";
        }
        catch (Exception e) when (e is FileLoadException or BadImageFormatException or System.Security.SecurityException or ArgumentException)
        {
            // The binder also refuses a name it cannot bind at all: a token flagged as a whole public key (found by fuzzing).
            return $"which the host cannot provide ({e.Message})";
        }
    }
}
