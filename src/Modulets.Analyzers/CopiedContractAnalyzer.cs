using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Modulets.Analyzers;

/// <summary>
/// MODL008: an assembly the module project declares a contract (<c>&lt;ModuletsContract Include="Jobs.Contracts" /&gt;</c>)
/// is copied into its output. The build passes the copied contracts in <c>ModuletsCopiedContracts</c> (Modulets.Analyzers.targets
/// computes it from the copy-local references), since a compilation cannot see how a reference is copied.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CopiedContractAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.CopiedContract);

    private static readonly char[] s_separators = [';', ','];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationAction(compilation =>
        {
            if (ProjectRoles.Of(compilation.Compilation, compilation.Options) != ProjectRole.Module
                || !compilation.Options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue("build_property.ModuletsCopiedContracts", out var copied))
            {
                return;
            }

            var referenced = compilation.Compilation.ReferencedAssemblyNames.Select(a => a.Name).ToImmutableHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var contract in copied.Split(s_separators, StringSplitOptions.RemoveEmptyEntries).Select(name => name.Trim()).Where(referenced.Contains).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                compilation.ReportDiagnostic(Diagnostic.Create(Descriptors.CopiedContract, Location.None, contract));
            }
        });
    }
}
