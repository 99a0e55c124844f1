using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Modulets.Analyzers;

/// <summary>MODL002 and MODL004: a thread, or an endless or long-running task, whose work reads no cancellation token.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BackgroundWorkAnalyzer : ModuletsAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.UnstoppableThread, Descriptors.EndlessTask);

    private protected override ProjectRole Role => ProjectRole.Module;

    private protected override void Start(CompilationStartAnalysisContext compilation)
    {
        var thread = compilation.Compilation.GetTypeByMetadataName("System.Threading.Thread");
        var task = compilation.Compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        var factory = compilation.Compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskFactory");
        compilation.RegisterOperationAction(
            operation =>
            {
                var creation = (IObjectCreationOperation)operation.Operation;
                if (SymbolEqualityComparer.Default.Equals(creation.Type, thread) && !Cancellation.IsObservedBy(creation.Arguments.FirstOrDefault()?.Value))
                {
                    operation.ReportDiagnostic(Diagnostic.Create(Descriptors.UnstoppableThread, creation.Syntax.GetLocation()));
                }
            },
            OperationKind.ObjectCreation);
        compilation.RegisterOperationAction(
            operation =>
            {
                var invocation = (IInvocationOperation)operation.Operation;
                var method = invocation.TargetMethod;
                var starts = (method.Name == "Run" && SymbolEqualityComparer.Default.Equals(method.ContainingType, task))
                    || (method.Name == "StartNew" && SymbolEqualityComparer.Default.Equals(method.ContainingType.OriginalDefinition, factory));
                if (!starts)
                {
                    return;
                }

                // A token given to Task.Run or StartNew only keeps a task from starting: the work itself must read one.
                var work = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Type.TypeKind == TypeKind.Delegate)?.Value;
                var longRunning = invocation.Arguments.Any(a => a.Value.ConstantValue is { HasValue: true, Value: int options } && (options & 2) != 0 && a.Parameter?.Type.Name == "TaskCreationOptions");
                var endless = work is not null && LoopsForever(work);
                if ((endless || longRunning) && !Cancellation.IsObservedBy(work))
                {
                    operation.ReportDiagnostic(Diagnostic.Create(Descriptors.EndlessTask, invocation.Syntax.GetLocation(), endless ? "loops for ever" : "is long-running"));
                }
            },
            OperationKind.Invocation);
    }

    private static bool LoopsForever(IOperation work) =>
        work.Descendants().Any(operation => operation is IWhileLoopOperation { Condition: null or { ConstantValue: { HasValue: true, Value: true } } }
            or IForLoopOperation { Condition: null or { ConstantValue: { HasValue: true, Value: true } } });
}
