using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Modulets.Analyzers;

/// <summary>MODL001: a module subscribes to a process-wide event (AppDomain's, the default load context's, TaskScheduler's, Console's) and its type never unsubscribes.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ProcessWideEventAnalyzer : ModuletsAnalyzer
{
    private static readonly ImmutableHashSet<string> s_staticEvents = ImmutableHashSet.Create(
        "System.Threading.Tasks.TaskScheduler.UnobservedTaskException",
        "System.Console.CancelKeyPress");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ProcessWideEvent);

    private protected override ProjectRole Role => ProjectRole.Module;

    private protected override void Start(CompilationStartAnalysisContext compilation) =>
        compilation.RegisterSymbolStartAction(
            type =>
            {
                var added = new ConcurrentBag<IEventAssignmentOperation>();
                var removed = new ConcurrentDictionary<IEventSymbol, bool>(SymbolEqualityComparer.Default);
                type.RegisterOperationAction(
                    operation =>
                    {
                        var assignment = (IEventAssignmentOperation)operation.Operation;
                        if (assignment.EventReference is IEventReferenceOperation reference && IsProcessWide(reference))
                        {
                            if (assignment.Adds)
                            {
                                added.Add(assignment);
                            }
                            else
                            {
                                removed[reference.Event.OriginalDefinition] = true;
                            }
                        }
                    },
                    OperationKind.EventAssignment);
                type.RegisterSymbolEndAction(end =>
                {
                    foreach (var assignment in added.Where(a => !removed.ContainsKey(((IEventReferenceOperation)a.EventReference).Event.OriginalDefinition)))
                    {
                        var name = EventName(((IEventReferenceOperation)assignment.EventReference).Event);
                        end.ReportDiagnostic(Diagnostic.Create(Descriptors.ProcessWideEvent, assignment.Syntax.GetLocation(), name, end.Symbol.Name));
                    }
                });
            },
            SymbolKind.NamedType);

    private static bool IsProcessWide(IEventReferenceOperation reference)
    {
        var type = reference.Event.ContainingType.ToDisplayString();
        return type switch
        {
            "System.AppDomain" => true,
            "Microsoft.Win32.SystemEvents" => true,
            // A module's own contexts are its business; the default context lives as long as the process.
            "System.Runtime.Loader.AssemblyLoadContext" => reference.Instance is IPropertyReferenceOperation { Property.Name: "Default" },
            _ => s_staticEvents.Contains(type + "." + reference.Event.Name),
        };
    }

    private static string EventName(IEventSymbol symbol) => symbol.ContainingType.Name + "." + symbol.Name;
}
