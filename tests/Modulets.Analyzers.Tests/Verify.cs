using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Modulets.Testing;

namespace Modulets.Analyzers.Tests;

/// <summary>Runs an analyzer (and a fix) on source as a module or a host project, against the framework the tests run on: nothing is downloaded.</summary>
public static class Verify
{
    /// <summary>Expects the diagnostics marked in <paramref name="source"/> (<c>{|MODL001:...|}</c>) and no others.</summary>
    public static Task AnalyzerAsync<TAnalyzer>(string source, string role = "Module", params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> { TestCode = source };
        Configure(test.TestState, role);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    public static Task CodeFixAsync<TAnalyzer, TCodeFix>(string source, string fixedSource)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier> { TestCode = source, FixedCode = fixedSource };
        Configure(test.TestState, "Module");
        Configure(test.FixedState, "Module");
        return test.RunAsync();
    }

    private static void Configure(SolutionState state, string role)
    {
        state.ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        state.AdditionalReferences.AddRange(ModuleCompiler.References);
        state.AnalyzerConfigFiles.Add(("/.globalconfig", $"is_global = true\nbuild_property.ModuletsRole = {role}\n"));
    }
}
