using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Modulets.Analyzers;

/// <summary>
/// MODL102: host code in a job's body (a lambda given to ModuletManager.StartJob, or to a job's Spawn, or a
/// supervisor's StartChild) stores a reference into a static field: assigns it, or adds to the collection it holds.
/// Values (numbers, strings, dates, null) keep nothing alive, nor do ConditionalWeakTables: they are left alone.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class JobWritesHostStaticAnalyzer : ModuletsAnalyzer
{
    private static readonly ImmutableHashSet<string> s_adds = ImmutableHashSet.Create(
        "Add", "TryAdd", "AddOrUpdate", "GetOrAdd", "Enqueue", "Push", "Insert", "AddRange", "TryUpdate", "AddFirst", "AddLast", "Post", "TryWrite", "Set");

    private static readonly ImmutableHashSet<string> s_jobTypes = ImmutableHashSet.Create(
        "Modulets.ModuletManager", "Modulets.ModuletJob", "Modulets.Supervisor");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.JobWritesHostStatic);

    private protected override ProjectRole Role => ProjectRole.Host;

    private protected override void Start(CompilationStartAnalysisContext compilation)
    {
        compilation.RegisterOperationAction(
            operation =>
            {
                var assignment = (ISimpleAssignmentOperation)operation.Operation;
                if (StaticField(assignment.Target) is { } field && HoldsReferences(assignment.Value) && InAJob(assignment))
                {
                    operation.ReportDiagnostic(Diagnostic.Create(Descriptors.JobWritesHostStatic, assignment.Syntax.GetLocation(), field.ContainingType.Name + "." + field.Name));
                }
            },
            OperationKind.SimpleAssignment);
        compilation.RegisterOperationAction(
            operation =>
            {
                var invocation = (IInvocationOperation)operation.Operation;
                if (s_adds.Contains(invocation.TargetMethod.Name) && StaticField(invocation.Instance) is { } field
                    && invocation.Arguments.Any(a => HoldsReferences(a.Value)) && InAJob(invocation))
                {
                    operation.ReportDiagnostic(Diagnostic.Create(Descriptors.JobWritesHostStatic, invocation.Syntax.GetLocation(), field.ContainingType.Name + "." + field.Name));
                }
            },
            OperationKind.Invocation);
    }

    /// <summary>The static field or property an operation writes to: the member itself, or an element of the collection it holds.</summary>
    private static ISymbol? StaticField(IOperation? target) => target switch
    {
        IFieldReferenceOperation { Field.IsStatic: true } field => field.Field,
        IPropertyReferenceOperation { Property.IsStatic: true } property => property.Property,
        IPropertyReferenceOperation { Property.IsIndexer: true } indexer => StaticField(indexer.Instance),
        IArrayElementReferenceOperation element => StaticField(element.ArrayReference),
        IConversionOperation conversion => StaticField(conversion.Operand),
        _ => null,
    } is { } member && MemberType(member)?.Name != "ConditionalWeakTable" ? member : null;

    private static ITypeSymbol? MemberType(ISymbol member) => (member as IFieldSymbol)?.Type ?? (member as IPropertySymbol)?.Type;

    /// <summary>Whether a stored value can keep a module alive: not a value (boxed or not), a string, or null.</summary>
    private static bool HoldsReferences(IOperation value)
    {
        while (value is IConversionOperation { IsImplicit: true } conversion)
        {
            value = conversion.Operand;
        }

        return value.Type is { IsValueType: false, SpecialType: not SpecialType.System_String } && value.ConstantValue is not { HasValue: true, Value: null };
    }

    private static bool InAJob(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation && current.Parent is IDelegateCreationOperation { Parent: IArgumentOperation { Parent: IInvocationOperation call } }
                && s_jobTypes.Contains(call.TargetMethod.ContainingType.ToDisplayString()))
            {
                return true;
            }
        }

        return false;
    }
}
