using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Modulets.Analyzers;

/// <summary>
/// Whether the compilation is a module (its rules apply) or a host (the host rules apply): the MSBuild property
/// <c>ModuletsRole</c> (Module, Host or None) when set; else a test project is neither, a project with
/// <c>EnableDynamicLoading</c> is a module, and one that references Modulets without it is a host.
/// </summary>
internal enum ProjectRole
{
    None,
    Module,
    Host,
}

internal static class ProjectRoles
{
    public static ProjectRole Of(Compilation compilation, AnalyzerOptions options)
    {
        var global = options.AnalyzerConfigOptionsProvider.GlobalOptions;
        if (global.TryGetValue("build_property.ModuletsRole", out var role) && !string.IsNullOrWhiteSpace(role))
        {
            return Enum.TryParse<ProjectRole>(role.Trim(), ignoreCase: true, out var named) ? named : ProjectRole.None;
        }

        if (IsTrue(global, "build_property.IsTestProject"))
        {
            return ProjectRole.None;
        }

        if (IsTrue(global, "build_property.EnableDynamicLoading"))
        {
            return ProjectRole.Module;
        }

        return compilation.ReferencedAssemblyNames.Any(name => name.Name == "Modulets") ? ProjectRole.Host : ProjectRole.None;
    }

    private static bool IsTrue(AnalyzerConfigOptions options, string key) =>
        options.TryGetValue(key, out var value) && string.Equals(value.Trim(), "true", StringComparison.OrdinalIgnoreCase);
}
