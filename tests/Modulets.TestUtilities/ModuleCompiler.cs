using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.CodeAnalysis;
using Modulets.TestContracts;

namespace Modulets.TestUtilities;

/// <summary>Compiles C# source into real module assemblies with Modulets.Testing's compiler, deterministically (the same source always gives the same bytes), once per source.</summary>
public static class ModuleCompiler
{
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
        MetadataReference[] references =
        [
            MetadataReference.CreateFromFile(typeof(IMagic).Assembly.Location),
            .. modules.Select(module => MetadataReference.CreateFromImage(module.Image)),
            .. files.Select(path => MetadataReference.CreateFromFile(path)),
        ];
        var build = Modulets.Testing.ModuleCompiler.Compile(assemblyName, source, references);
        return new CompiledModule(build.AssemblyName, build.Image, build.Symbols);
    }
}
