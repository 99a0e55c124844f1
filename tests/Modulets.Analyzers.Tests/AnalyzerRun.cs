using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Modulets.Testing;

namespace Modulets.Analyzers.Tests;

/// <summary>Runs every Modulets analyzer on a source, as a module or a host project would build it, and returns the ids it reports.</summary>
public static class AnalyzerRun
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> s_analyzers =
    [
        .. typeof(ModuletsAnalyzer).Assembly.GetTypes()
            .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type))
            .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!),
    ];

    public static async Task<IReadOnlyList<string>> DiagnosticIdsAsync(string source, string role)
    {
        var compilation = CSharpCompilation.Create(
            "Analyzed",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            [.. ModuleCompiler.References, MetadataReference.CreateFromFile(typeof(IProofJob).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var options = new AnalyzerOptions([], new RoleOptions(role));
        var diagnostics = await compilation.WithAnalyzers(s_analyzers, options).GetAnalyzerDiagnosticsAsync();
        return [.. diagnostics.Select(d => d.Id).Distinct()];
    }

    private sealed class RoleOptions(string role) : AnalyzerConfigOptionsProvider
    {
        private readonly Options _global = new(role);

        public override AnalyzerConfigOptions GlobalOptions => _global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _global;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _global;

        private sealed class Options(string role) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, out string value)
            {
                value = key == "build_property.ModuletsRole" ? role : string.Empty;
                return key == "build_property.ModuletsRole";
            }
        }
    }
}
