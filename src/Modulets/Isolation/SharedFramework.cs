using System.Collections.Frozen;

namespace Modulets;

/// <summary>Knows the assemblies of the .NET shared frameworks the host runs on; they are always shared, never isolated.</summary>
internal static class SharedFramework
{
    private static readonly Lazy<FrozenSet<string>> s_names = new(ReadFrameworkAssemblyNames);

    public static bool Contains(string assemblyName) => s_names.Value.Contains(assemblyName);

    private static FrozenSet<string> ReadFrameworkAssemblyNames()
    {
        // A framework-dependent app lists its frameworks' assemblies in TRUSTED_PLATFORM_ASSEMBLIES, from
        // <dotnet>/shared/<framework>/<version>/. A self-contained app has them beside its own assemblies, so
        // there only the framework's naming convention can tell them apart.
        var coreLibDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location);
        var sharedRoot = coreLibDirectory is null ? null : Path.GetDirectoryName(Path.GetDirectoryName(coreLibDirectory));
        var selfContained = sharedRoot is null
            || string.Equals(Path.TrimEndingDirectorySeparator(coreLibDirectory!), Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory), StringComparison.Ordinal);

        var trusted = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);

        var names = trusted
            .Where(path => selfContained
                ? LooksLikeFrameworkAssembly(Path.GetFileNameWithoutExtension(path))
                : path.StartsWith(sharedRoot! + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Append("System.Private.CoreLib");

        return names.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    private static bool LooksLikeFrameworkAssembly(string? name) =>
        name is not null
        && (name.StartsWith("System.", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("Microsoft.Win32.", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("Microsoft.VisualBasic", StringComparison.OrdinalIgnoreCase)
            || name is "System" or "mscorlib" or "netstandard" or "WindowsBase" or "Microsoft.CSharp");
}
