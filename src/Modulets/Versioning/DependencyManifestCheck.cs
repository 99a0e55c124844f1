using System.Text.Json;

namespace Modulets;

/// <summary>
/// Checks a <c>.deps.json</c> before the runtime's own resolver (<c>AssemblyDependencyResolver</c>, in native code) reads
/// it: that resolver takes any well-formed JSON and reads the members it expects without checking them, so a file as
/// small as <c>{}</c> (no <c>runtimeTarget</c>) aborts the whole process (.NET 10.0.12: <c>std::logic_error</c>,
/// "basic_string::_M_construct null not valid"). A file is accepted only when it is valid JSON (UTF-8, at most
/// <see cref="MaxLength"/> bytes) and every member the resolver reads as a string or an object is one.
/// </summary>
internal static class DependencyManifestCheck
{
    public const int MaxLength = 16 * 1024 * 1024;

    private static readonly string[] s_libraryStrings = ["type", "sha512", "path", "hashPath", "runtimeStoreManifestName"];
    private static readonly string[] s_requiredLibraryStrings = ["type", "sha512"];
    private static readonly string[] s_assetStrings = ["assemblyVersion", "fileVersion", "locale", "rid", "assetType", "localPath"];
    private static readonly string[] s_assetGroups = ["runtime", "native", "resources", "compile", "runtimeTargets"];

    /// <summary>Returns why the resolver must not read the file, or <see langword="null"/> when it may.</summary>
    public static string? Problem(string depsFile)
    {
        var info = new FileInfo(depsFile);
        if (info.Length > MaxLength)
        {
            return $"it is {info.Length} bytes, more than a dependency manifest has ({MaxLength})";
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(depsFile), new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            return $"it is not valid JSON ({e.Message})";
        }

        using (document)
        {
            try
            {
                return Shape(document.RootElement);
            }
            catch (InvalidOperationException e)
            {
                // A name or string that is not valid UTF-8 is only found when it is read.
                return $"it is not valid JSON ({e.Message})";
            }
        }
    }

    private static string? Shape(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return "its root is not an object";
        }

        if (!root.TryGetProperty("runtimeTarget", out var target)
            || !(target.ValueKind == JsonValueKind.String || (target.ValueKind == JsonValueKind.Object && target.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)))
        {
            return "it has no runtimeTarget name";
        }

        if (!root.TryGetProperty("targets", out var targets) || targets.ValueKind != JsonValueKind.Object)
        {
            return "it has no targets object";
        }

        foreach (var framework in targets.EnumerateObject())
        {
            if (framework.Value.ValueKind != JsonValueKind.Object)
            {
                return $"its target '{framework.Name}' is not an object";
            }

            foreach (var library in framework.Value.EnumerateObject())
            {
                if (Library(library.Value) is { } problem)
                {
                    return $"its target entry '{library.Name}' {problem}";
                }
            }
        }

        if (root.TryGetProperty("libraries", out var libraries))
        {
            if (libraries.ValueKind != JsonValueKind.Object)
            {
                return "its libraries member is not an object";
            }

            foreach (var library in libraries.EnumerateObject())
            {
                if (library.Value.ValueKind != JsonValueKind.Object)
                {
                    return $"its library '{library.Name}' is not an object";
                }

                if (Strings(library.Value, s_libraryStrings) is { } member)
                {
                    return $"its library '{library.Name}' has a {member} that is not a string";
                }

                if (s_requiredLibraryStrings.FirstOrDefault(name => !library.Value.TryGetProperty(name, out _)) is { } missing)
                {
                    return $"its library '{library.Name}' has no {missing}";
                }
            }
        }

        return null;
    }

    private static string? Library(JsonElement library)
    {
        if (library.ValueKind != JsonValueKind.Object)
        {
            return "is not an object";
        }

        if (library.TryGetProperty("dependencies", out var dependencies)
            && (dependencies.ValueKind != JsonValueKind.Object || dependencies.EnumerateObject().Any(dependency => dependency.Value.ValueKind != JsonValueKind.String)))
        {
            return "has dependencies that are not name-version strings";
        }

        foreach (var group in s_assetGroups)
        {
            if (!library.TryGetProperty(group, out var assets))
            {
                continue;
            }

            if (assets.ValueKind != JsonValueKind.Object)
            {
                return $"has {group} that is not an object";
            }

            foreach (var asset in assets.EnumerateObject())
            {
                if (asset.Value.ValueKind != JsonValueKind.Object || Strings(asset.Value, s_assetStrings) is not null)
                {
                    return $"has a malformed {group} asset '{asset.Name}'";
                }
            }
        }

        return null;
    }

    /// <summary>Gets the first of <paramref name="names"/> present but not a string, or <see langword="null"/>.</summary>
    private static string? Strings(JsonElement element, string[] names) =>
        names.FirstOrDefault(name => element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.String);
}
