using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Modulets.Analyzers;

/// <summary>
/// MODL101: a host's static mutable collection (a field, or an auto-property's) whose keys or values hold types,
/// members or assemblies, anywhere in its type arguments (<c>Dictionary&lt;(Type, Type), Delegate&gt;</c>,
/// <c>Dictionary&lt;string, List&lt;Type&gt;&gt;</c>): a reflection cache that module types would enter and never leave.
/// Weak tables, and immutable and frozen collections (filled once, from the host's own types), are left alone.
/// </summary>
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
                var (isStatic, type) = symbol.Symbol switch
                {
                    IFieldSymbol { IsImplicitlyDeclared: false } field => (field.IsStatic, field.Type),
                    IPropertySymbol property when IsAutoProperty(property) => (property.IsStatic, property.Type),
                    _ => (false, null),
                };
                if (isStatic && type is INamedTypeSymbol { IsGenericType: true } collection && IsMutableCache(collection, enumerable)
                    && collection.TypeArguments.Select(HeldReflection).FirstOrDefault(held => held is not null) is { } reflection)
                {
                    symbol.ReportDiagnostic(Diagnostic.Create(Descriptors.HostStaticTypeCache, symbol.Symbol.Locations[0], symbol.Symbol.Name, reflection.Name));
                }
            },
            SymbolKind.Field,
            SymbolKind.Property);
    }

    private static bool IsMutableCache(INamedTypeSymbol collection, INamedTypeSymbol enumerable) =>
        collection.Name != "ConditionalWeakTable"
        && collection.ContainingNamespace.ToDisplayString() is not ("System.Collections.Immutable" or "System.Collections.Frozen")
        && collection.AllInterfaces.Contains(enumerable, SymbolEqualityComparer.Default);

    private static bool IsAutoProperty(IPropertySymbol property) =>
        property.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is PropertyDeclarationSyntax { ExpressionBody: null, AccessorList.Accessors: var accessors }
        && accessors.All(accessor => accessor.Body is null && accessor.ExpressionBody is null);

    /// <summary>The reflection type a type argument holds: itself, an array's element, a tuple's or a generic's arguments.</summary>
    private static ITypeSymbol? HeldReflection(ITypeSymbol type)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return HeldReflection(array.ElementType);
            case INamedTypeSymbol { IsGenericType: true } generic when generic.Name != "ConditionalWeakTable":
                return generic.TypeArguments.Select(HeldReflection).FirstOrDefault(held => held is not null);
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.ToDisplayString() is "System.Type" or "System.Reflection.MemberInfo" or "System.Reflection.Assembly")
            {
                return type;
            }
        }

        return null;
    }
}
