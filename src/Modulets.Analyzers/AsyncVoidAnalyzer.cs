using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Modulets.Analyzers;

/// <summary>MODL005: an async void method, local function or lambda in module code.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AsyncVoidAnalyzer : ModuletsAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.AsyncVoid);

    private protected override ProjectRole Role => ProjectRole.Module;

    private protected override void Start(CompilationStartAnalysisContext compilation)
    {
        compilation.RegisterSymbolAction(
            symbol =>
            {
                var method = (IMethodSymbol)symbol.Symbol;
                if (method is { IsAsync: true, ReturnsVoid: true })
                {
                    symbol.ReportDiagnostic(Diagnostic.Create(Descriptors.AsyncVoid, method.Locations[0], method.Name));
                }
            },
            SymbolKind.Method);
        compilation.RegisterOperationAction(
            operation =>
            {
                var symbol = operation.Operation switch
                {
                    ILocalFunctionOperation local => local.Symbol,
                    IAnonymousFunctionOperation lambda => lambda.Symbol,
                    _ => null,
                };
                if (symbol is { IsAsync: true, ReturnsVoid: true })
                {
                    var name = symbol.MethodKind == MethodKind.LocalFunction ? symbol.Name : "async lambda";
                    var location = operation.Operation is ILocalFunctionOperation ? symbol.Locations[0] : operation.Operation.Syntax.GetLocation();
                    operation.ReportDiagnostic(Diagnostic.Create(Descriptors.AsyncVoid, location, name));
                }
            },
            OperationKind.LocalFunction,
            OperationKind.AnonymousFunction);
    }
}
