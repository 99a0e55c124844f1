using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Modulets.Analyzers;

/// <summary>MODL007: a module registers attributes or a provider with TypeDescriptor and its type never removes one.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TypeDescriptorRegistrationAnalyzer : ModuletsAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.TypeDescriptorRegistration);

    private protected override ProjectRole Role => ProjectRole.Module;

    private protected override void Start(CompilationStartAnalysisContext compilation)
    {
        var typeDescriptor = compilation.Compilation.GetTypeByMetadataName("System.ComponentModel.TypeDescriptor");
        if (typeDescriptor is null)
        {
            return;
        }

        compilation.RegisterSymbolStartAction(
            type =>
            {
                var registrations = new ConcurrentBag<IInvocationOperation>();
                var removes = 0;
                type.RegisterOperationAction(
                    operation =>
                    {
                        var invocation = (IInvocationOperation)operation.Operation;
                        if (!SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, typeDescriptor))
                        {
                            return;
                        }

                        switch (invocation.TargetMethod.Name)
                        {
                            case "AddAttributes" or "AddProvider" or "AddProviderTransparent":
                                registrations.Add(invocation);
                                break;
                            case "RemoveProvider" or "RemoveProviderTransparent":
                                Interlocked.Exchange(ref removes, 1);
                                break;
                        }
                    },
                    OperationKind.Invocation);
                type.RegisterSymbolEndAction(end =>
                {
                    if (Volatile.Read(ref removes) == 1)
                    {
                        return;
                    }

                    foreach (var registration in registrations)
                    {
                        end.ReportDiagnostic(Diagnostic.Create(Descriptors.TypeDescriptorRegistration, registration.Syntax.GetLocation(), registration.TargetMethod.Name, end.Symbol.Name));
                    }
                });
            },
            SymbolKind.NamedType);
    }
}
