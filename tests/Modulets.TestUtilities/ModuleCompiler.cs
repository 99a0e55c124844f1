using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Modulets.TestContracts;

namespace Modulets.TestUtilities;

/// <summary>Compiles C# source into real module assemblies, deterministically: the same source always gives the same bytes.</summary>
public static class ModuleCompiler
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_framework = new(ReadFrameworkReferences);
    private static readonly ConcurrentDictionary<string, Lazy<CompiledModule>> s_cache = new();

    /// <summary>Compiles one assembly that may use the framework, the test contracts and the given references.</summary>
    /// <param name="assemblyName">The simple name of the assembly.</param>
    /// <param name="source">The C# source; its file name in stack traces is <c>{assemblyName}.cs</c>.</param>
    /// <param name="modules">Other compiled modules it references.</param>
    /// <param name="files">Paths of further assemblies it references (packages).</param>
    public static CompiledModule Compile(string assemblyName, string source, IReadOnlyList<CompiledModule>? modules = null, IReadOnlyList<string>? files = null)
    {
        modules ??= [];
        files ??= [];
        var key = string.Join('\0', [assemblyName, source, .. modules.Select(m => Convert.ToHexString(SHA256.HashData(m.Image))), .. files]);
        return s_cache.GetOrAdd(key, _ => new Lazy<CompiledModule>(() => CompileCore(assemblyName, source, modules, files))).Value;
    }

    private static CompiledModule CompileCore(string assemblyName, string source, IReadOnlyList<CompiledModule> modules, IReadOnlyList<string> files)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: assemblyName + ".cs", encoding: Encoding.UTF8);
        var references = s_framework.Value
            .Add(MetadataReference.CreateFromFile(typeof(IMagic).Assembly.Location))
            .AddRange(modules.Select(module => MetadataReference.CreateFromImage(module.Image)))
            .AddRange(files.Select(path => MetadataReference.CreateFromFile(path)));
        var compilation = CSharpCompilation.Create(
            assemblyName,
            [tree],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, deterministic: true, nullableContextOptions: NullableContextOptions.Enable));

        using var image = new MemoryStream();
        using var symbols = new MemoryStream();
        var result = compilation.Emit(image, symbols, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb, pdbFilePath: assemblyName + ".pdb"));
        if (!result.Success)
        {
            throw new InvalidOperationException(
                $"The test module '{assemblyName}' does not compile:{Environment.NewLine}{string.Join(Environment.NewLine, result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))}");
        }

        return new CompiledModule(assemblyName, image.ToArray(), symbols.ToArray());
    }

    private static ImmutableArray<MetadataReference> ReadFrameworkReferences()
    {
        var frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetDirectoryName(path) == frameworkDirectory)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))];
    }
}
