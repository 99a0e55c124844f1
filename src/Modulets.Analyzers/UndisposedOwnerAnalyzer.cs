using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Modulets.Analyzers;

/// <summary>
/// MODL003 and MODL006: a timer, meter, activity source or activity listener created in a module and disposed by no
/// one. It is owned when it is created in a <c>using</c>, handed to someone else (returned, passed on), or stored in a
/// field or variable that the type disposes somewhere; a creation left alone, discarded, or handed to
/// <c>ActivitySource.AddActivityListener</c> without a variable is not.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UndisposedOwnerAnalyzer : ModuletsAnalyzer
{
    private static readonly ImmutableDictionary<string, DiagnosticDescriptor> s_watched = new Dictionary<string, DiagnosticDescriptor>
    {
        ["System.Threading.Timer"] = Descriptors.UndisposedTimer,
        ["System.Timers.Timer"] = Descriptors.UndisposedTimer,
        ["System.Threading.PeriodicTimer"] = Descriptors.UndisposedTimer,
        ["System.Diagnostics.Metrics.Meter"] = Descriptors.UndisposedTelemetry,
        ["System.Diagnostics.ActivitySource"] = Descriptors.UndisposedTelemetry,
        ["System.Diagnostics.ActivityListener"] = Descriptors.UndisposedTelemetry,
    }.ToImmutableDictionary();

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.UndisposedTimer, Descriptors.UndisposedTelemetry);

    private protected override ProjectRole Role => ProjectRole.Module;

    private protected override void Start(CompilationStartAnalysisContext compilation) =>
        compilation.RegisterSymbolStartAction(
            type =>
            {
                var stored = new ConcurrentBag<(IObjectCreationOperation Creation, ISymbol Owner)>();
                var unowned = new ConcurrentBag<IObjectCreationOperation>();
                var disposed = new ConcurrentDictionary<ISymbol, bool>(SymbolEqualityComparer.Default);
                type.RegisterOperationAction(
                    operation =>
                    {
                        var creation = (IObjectCreationOperation)operation.Operation;
                        if (creation.Type is null || !s_watched.ContainsKey(creation.Type.ToDisplayString()))
                        {
                            return;
                        }

                        switch (Owner(creation))
                        {
                            case (true, { } owner):
                                stored.Add((creation, owner));
                                break;
                            case (false, _):
                                unowned.Add(creation);
                                break;
                        }
                    },
                    OperationKind.ObjectCreation);
                type.RegisterOperationAction(
                    operation =>
                    {
                        var invocation = (IInvocationOperation)operation.Operation;
                        if (invocation.TargetMethod.Name is "Dispose" or "DisposeAsync" or "Close" && Referenced(Receiver(invocation)) is { } symbol)
                        {
                            disposed[symbol] = true;
                        }
                    },
                    OperationKind.Invocation);
                type.RegisterOperationAction(
                    operation =>
                    {
                        foreach (var resource in ((IUsingOperation)operation.Operation).Resources.Descendants().Select(Referenced).OfType<ISymbol>())
                        {
                            disposed[resource] = true;
                        }
                    },
                    OperationKind.Using);
                type.RegisterSymbolEndAction(end =>
                {
                    foreach (var creation in unowned.Concat(stored.Where(s => !disposed.ContainsKey(s.Owner)).Select(s => s.Creation)))
                    {
                        end.ReportDiagnostic(Diagnostic.Create(s_watched[creation.Type!.ToDisplayString()], creation.Syntax.GetLocation(), creation.Type!.Name));
                    }
                });
            },
            SymbolKind.NamedType);

    /// <summary>Who owns a new object: (true, the field or variable it is stored in), (true, null) when it is in a using or handed on, (false, null) when no one.</summary>
    private static (bool Owned, ISymbol? Owner) Owner(IObjectCreationOperation creation)
    {
        IOperation current = creation;
        while (current.Parent is IConversionOperation or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        switch (current.Parent)
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } when IsInUsing(declarator):
                return (true, null);
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                return (true, declarator.Symbol);
            case IFieldInitializerOperation field:
                return (true, field.InitializedFields.FirstOrDefault());
            case IPropertyInitializerOperation property:
                return (true, property.InitializedProperties.FirstOrDefault());
            case ISimpleAssignmentOperation { Target: IDiscardOperation }:
                return (false, null);
            case ISimpleAssignmentOperation assignment when Referenced(assignment.Target) is { } target:
                return (true, target);
            case IUsingOperation:
                return (true, null);
            case IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "AddActivityListener" } }:
                return (false, null);
            case IExpressionStatementOperation:
                return (false, null);
            default:
                // Returned, passed to a method or a constructor, put in a collection: its new owner's business.
                return (true, null);
        }
    }

    private static bool IsInUsing(IVariableDeclaratorOperation declarator) =>
        declarator.Parent?.Parent is IUsingDeclarationOperation or IUsingOperation
        || declarator.Parent?.Parent?.Parent is IUsingDeclarationOperation or IUsingOperation;

    /// <summary>The object a method is called on, looking through <c>?.</c>.</summary>
    private static IOperation? Receiver(IInvocationOperation invocation)
    {
        if (invocation.Instance is not IConditionalAccessInstanceOperation)
        {
            return invocation.Instance;
        }

        var access = invocation.Parent;
        while (access is not null and not IConditionalAccessOperation)
        {
            access = access.Parent;
        }

        return (access as IConditionalAccessOperation)?.Operation;
    }

    private static ISymbol? Referenced(IOperation? operation) => operation switch
    {
        IFieldReferenceOperation field => field.Field.OriginalDefinition,
        IPropertyReferenceOperation property => property.Property.OriginalDefinition,
        ILocalReferenceOperation local => local.Local,
        IConversionOperation conversion => Referenced(conversion.Operand),
        _ => null,
    };
}
