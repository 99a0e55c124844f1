using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Modulets.Analyzers;

/// <summary>
/// MODL003 and MODL006: a timer, an activity listener, or a meter with observable instruments (the objects whose
/// callbacks the framework's static lists hold) created in a module and disposed by no one. It is owned when it is
/// created in a <c>using</c>, handed on (returned, passed to a method, stored in a field through a variable), or stored
/// in a field or variable that the type disposes somewhere; one left alone, discarded, or given inline to
/// <c>ActivitySource.AddActivityListener</c> is not.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UndisposedOwnerAnalyzer : ModuletsAnalyzer
{
    private static readonly ImmutableArray<(string MetadataName, DiagnosticDescriptor Rule)> s_watched = ImmutableArray.Create(
        ("System.Threading.Timer", Descriptors.UndisposedTimer),
        ("System.Timers.Timer", Descriptors.UndisposedTimer),
        ("System.Diagnostics.ActivityListener", Descriptors.UndisposedTelemetry),
        ("System.Diagnostics.Metrics.Meter", Descriptors.UndisposedTelemetry));

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.UndisposedTimer, Descriptors.UndisposedTelemetry);

    private protected override ProjectRole Role => ProjectRole.Module;

    private protected override void Start(CompilationStartAnalysisContext compilation)
    {
        var watched = new Dictionary<ITypeSymbol, DiagnosticDescriptor>(SymbolEqualityComparer.Default);
        foreach (var (metadataName, rule) in s_watched)
        {
            if (compilation.Compilation.GetTypeByMetadataName(metadataName) is { } type)
            {
                watched[type] = rule;
            }
        }

        var meter = compilation.Compilation.GetTypeByMetadataName("System.Diagnostics.Metrics.Meter");
        compilation.RegisterSymbolStartAction(
            type =>
            {
                var stored = new ConcurrentBag<(IObjectCreationOperation Creation, ISymbol Owner)>();
                var unowned = new ConcurrentBag<IObjectCreationOperation>();
                var finished = new ConcurrentDictionary<ISymbol, bool>(SymbolEqualityComparer.Default);
                var observable = new ConcurrentDictionary<ISymbol, bool>(SymbolEqualityComparer.Default);
                type.RegisterOperationAction(
                    operation =>
                    {
                        var creation = (IObjectCreationOperation)operation.Operation;
                        if (creation.Type is null || !watched.ContainsKey(creation.Type))
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
                        var receiver = Receiver(invocation);
                        if (invocation.TargetMethod.Name is "Dispose" or "DisposeAsync" or "Close" && Referenced(receiver) is { } disposed)
                        {
                            finished[disposed] = true;
                        }
                        else if (invocation.TargetMethod.Name.StartsWith("CreateObservable", System.StringComparison.Ordinal)
                            && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, meter))
                        {
                            if (Referenced(receiver) is { } instrumented)
                            {
                                observable[instrumented] = true;
                            }
                            else if (receiver is IObjectCreationOperation inline)
                            {
                                unowned.Add(inline);
                            }
                        }
                    },
                    OperationKind.Invocation);
                type.RegisterOperationAction(
                    operation =>
                    {
                        foreach (var resource in ((IUsingOperation)operation.Operation).Resources.Descendants().Select(Referenced).OfType<ISymbol>())
                        {
                            finished[resource] = true;
                        }
                    },
                    OperationKind.Using);
                type.RegisterOperationAction(
                    operation =>
                    {
                        var local = (ILocalReferenceOperation)operation.Operation;
                        if (IsHandedOn(local))
                        {
                            finished[local.Local] = true;
                        }
                    },
                    OperationKind.LocalReference);
                type.RegisterSymbolEndAction(end =>
                {
                    var reported = unowned.Where(c => !IsMeter(c) || IsObservableInline(c))
                        .Concat(stored.Where(s => !finished.ContainsKey(s.Owner) && (!IsMeter(s.Creation) || observable.ContainsKey(s.Owner))).Select(s => s.Creation))
                        .Distinct();
                    foreach (var creation in reported)
                    {
                        end.ReportDiagnostic(Diagnostic.Create(watched[creation.Type!], creation.Syntax.GetLocation(), creation.Type!.Name));
                    }
                });
            },
            SymbolKind.NamedType);

        bool IsMeter(IObjectCreationOperation creation) => SymbolEqualityComparer.Default.Equals(creation.Type, meter);
    }

    /// <summary>A meter created and given an observable instrument at once (<c>new Meter("x").CreateObservableGauge(...)</c>) has no owner at all.</summary>
    private static bool IsObservableInline(IObjectCreationOperation creation) =>
        creation.Parent is IInvocationOperation { TargetMethod.Name: var name } invocation && invocation.Instance == creation && name.StartsWith("CreateObservable", System.StringComparison.Ordinal);

    /// <summary>Who owns a new object: (true, the field or variable it is stored in), (true, null) when it is in a using or handed on, (false, null) when no one.</summary>
    private static (bool Owned, ISymbol? Owner) Owner(IObjectCreationOperation creation)
    {
        var current = Outermost(creation);

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
            case IInvocationOperation invocation when invocation.Instance == current:
                // Used at once and dropped (new Meter("x").CreateObservableGauge(...)): judged by what is called.
                return (false, null);
            default:
                // Returned, passed to a method or a constructor, put in a collection: its new owner's business.
                return (true, null);
        }
    }

    /// <summary>Whether a variable's object is handed to someone else: returned, passed as an argument, or stored in a field or property.</summary>
    private static bool IsHandedOn(ILocalReferenceOperation local)
    {
        var current = Outermost(local);

        return current.Parent switch
        {
            IReturnOperation => true,
            IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "AddActivityListener" } } => false,
            IArgumentOperation => true,
            ISimpleAssignmentOperation assignment => assignment.Value == current && assignment.Target is IFieldReferenceOperation or IPropertyReferenceOperation,
            _ => false,
        };
    }

    /// <summary>The operation itself, or the conversions and parentheses around it: what its parent sees.</summary>
    private static IOperation Outermost(IOperation operation)
    {
        while (operation.Parent is IConversionOperation or IParenthesizedOperation)
        {
            operation = operation.Parent;
        }

        return operation;
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
