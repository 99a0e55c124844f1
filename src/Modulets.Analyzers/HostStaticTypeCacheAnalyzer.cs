using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Modulets.Analyzers;

/// <summary>MODL101: a host's static collection whose keys or values are types, members or assemblies (a reflection cache that module types would enter and never leave).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HostStaticTypeCacheAnalyzer : ModuletsAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.HostStaticTypeCache);

    private protected override ProjectRole Role => ProjectRole.Host;

    private protected override void Start(CompilationStartAnalysisContext compilation)
    {
        var enumerable = compilation.Compilation.GetSpecialType(SpecialType.System_Collections_IEnumerable);
        compilation.RegisterSymbolAction(
            symbol =>
            {
                var field = (IFieldSymbol)symbol.Symbol;
                if (field.IsStatic && field.Type is INamedTypeSymbol { IsGenericType: true } collection
                    && collection.Name != "ConditionalWeakTable"
                    && collection.AllInterfaces.Contains(enumerable, SymbolEqualityComparer.Default)
                    && collection.TypeArguments.FirstOrDefault(IsReflection) is { } held)
                {
                    symbol.ReportDiagnostic(Diagnostic.Create(Descriptors.HostStaticTypeCache, field.Locations[0], field.Name, held.Name));
                }
            },
            SymbolKind.Field);
    }

    private static bool IsReflection(ITypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.ToDisplayString() is "System.Type" or "System.Reflection.MemberInfo" or "System.Reflection.Assembly")
            {
                return true;
            }
        }

        return false;
    }
}
