using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Modulets.Testing;

namespace Modulets.Analyzers.Tests;

public sealed class CopiedContractAnalyzerTests
{
    [Theory]
    [InlineData("Modulets", true)]
    [InlineData("Jobs.Contracts", false)]
    public async Task AContractTheBuildCopies_IsReported_WhenTheModuleReferencesIt(string copied, bool reported)
    {
        var test = new CSharpAnalyzerTest<CopiedContractAnalyzer, DefaultVerifier> { TestCode = "public sealed class Job { }" };
        test.TestState.ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        test.TestState.AdditionalReferences.AddRange(ModuleCompiler.References);
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", $"is_global = true\nbuild_property.ModuletsRole = Module\nbuild_property.ModuletsCopiedContracts = {copied}\n"));
        if (reported)
        {
            test.ExpectedDiagnostics.Add(new DiagnosticResult("MODL008", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithArguments(copied));
        }

        await test.RunAsync();
    }
}
