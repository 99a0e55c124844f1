using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace MagicNumber;

/// <summary>Compiles <c>MagicModule</c>, whose <c>GetMagic()</c> returns a given number, and writes it into the modules folder as a build would.</summary>
internal sealed class MagicModuleWriter(string folder)
{
    private readonly MetadataReference[] _references =
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetDirectoryName(path) == Path.GetDirectoryName(typeof(object).Assembly.Location))
            .Select(path => MetadataReference.CreateFromFile(path)),
        MetadataReference.CreateFromFile(typeof(IMagic).Assembly.Location),
    ];

    public void Write(int magic)
    {
        var source = $$"""
            namespace MagicModule;

            public sealed class Magic : MagicNumber.IMagic
            {
                public int GetMagic() => {{magic}};
            }
            """;
        var compilation = CSharpCompilation.Create(
            "MagicModule",
            [CSharpSyntaxTree.ParseText(source, path: "MagicModule.cs", encoding: System.Text.Encoding.UTF8)],
            _references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, deterministic: true));

        using var image = new MemoryStream();
        using var symbols = new MemoryStream();
        var result = compilation.Emit(image, symbols, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
        if (!result.Success)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, result.Diagnostics));
        }

        // Write beside the target and rename over it: the module changes in one step, as a careful deployment would.
        Replace("MagicModule.pdb", symbols.ToArray());
        Replace("MagicModule.dll", image.ToArray());
    }

    private void Replace(string fileName, byte[] content)
    {
        var target = Path.Combine(folder, fileName);
        File.WriteAllBytes(target + ".tmp", content);
        File.Move(target + ".tmp", target, overwrite: true);
    }
}
