using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace Modulets.Testing;

/// <summary>Compiles a module from C# source with Roslyn, as a module project would build it, against the framework, Modulets and the assemblies you name (your contracts).</summary>
public static class ModuleCompiler
{
    private static readonly Lazy<MetadataReference[]> s_platform = new(() =>
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetDirectoryName(path) == Path.GetDirectoryName(typeof(object).Assembly.Location))
            .Append(typeof(ModuletManager).Assembly.Location)
            .Append(typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location)
            .Distinct(StringComparer.Ordinal)
            .Select(path => MetadataReference.CreateFromFile(path)),
    ]);

    /// <summary>Gets what every module is compiled against: the framework the tests run on, Modulets and the dependency-injection abstractions (for analyzers and compilations of your own).</summary>
    public static IReadOnlyList<MetadataReference> References => s_platform.Value;

    /// <summary>Compiles a module.</summary>
    /// <param name="assemblyName">The module's assembly name; keep it the same in every version of the module.</param>
    /// <param name="source">The module's C# source.</param>
    /// <param name="references">The assemblies it uses besides the framework and Modulets: your contract assemblies, say (<c>typeof(IBillingJob).Assembly</c>).</param>
    /// <returns>The build.</returns>
    /// <exception cref="InvalidOperationException">The source does not compile; the message has the errors.</exception>
    public static ModuleBuild Compile(string assemblyName, string source, params Assembly[] references)
    {
        ArgumentNullException.ThrowIfNull(references);
        return Compile(assemblyName, source, references.Select(assembly => (MetadataReference)MetadataReference.CreateFromFile(assembly.Location)));
    }

    /// <summary>Compiles a module against the framework, Modulets and further references: other builds (<c>MetadataReference.CreateFromImage</c>), package files.</summary>
    /// <param name="assemblyName">The module's assembly name.</param>
    /// <param name="source">The module's C# source.</param>
    /// <param name="references">The further references.</param>
    /// <returns>The build.</returns>
    /// <exception cref="InvalidOperationException">The source does not compile; the message has the errors.</exception>
    public static ModuleBuild Compile(string assemblyName, string source, IEnumerable<MetadataReference> references)
    {
        ArgumentException.ThrowIfNullOrEmpty(assemblyName);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(references);
        var compilation = CSharpCompilation.Create(
            assemblyName,
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: assemblyName + ".cs", encoding: Encoding.UTF8)],
            s_platform.Value.Concat(references),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, deterministic: true, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        using var symbols = new MemoryStream();
        var result = compilation.Emit(image, symbols, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb, pdbFilePath: assemblyName + ".pdb"));
        if (!result.Success)
        {
            throw new InvalidOperationException(
                $"The module '{assemblyName}' does not compile:{Environment.NewLine}{string.Join(Environment.NewLine, result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))}");
        }

        return new ModuleBuild(assemblyName, image.ToArray(), symbols.ToArray());
    }
}
