using Microsoft.CodeAnalysis.Diagnostics;

namespace Modulets.Analyzers;

/// <summary>An analyzer whose rules apply to one kind of project: modules, or hosts (see <see cref="ProjectRoles"/>).</summary>
public abstract class ModuletsAnalyzer : DiagnosticAnalyzer
{
    private protected abstract ProjectRole Role { get; }

    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(compilation =>
        {
            if (ProjectRoles.Of(compilation.Compilation, compilation.Options) == Role)
            {
                Start(compilation);
            }
        });
    }

    /// <summary>Registers the rules' actions for a compilation of the role.</summary>
    private protected abstract void Start(CompilationStartAnalysisContext compilation);
}
