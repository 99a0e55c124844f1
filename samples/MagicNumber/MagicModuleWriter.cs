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
        MetadataReference.CreateFromFile(typeof(Modulets.IUpgradableJob<>).Assembly.Location),
    ];

    /// <summary>Writes the module; with <paramref name="upgradable"/>, it also has <c>MagicModule.Waiter</c>, an upgradable job (<c>--upgrade</c>).</summary>
    public void Write(int magic, bool upgradable = false)
    {
        var source = $$"""
            namespace MagicModule;

            public sealed class Magic : MagicNumber.IMagic
            {
                public int GetMagic() => {{magic}};
            }
            {{(upgradable ? WaiterSource : string.Empty)}}
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

    /// <summary>A job that waits for the host's release, and hands its state to newer code whenever there is some.</summary>
    private const string WaiterSource = """
        public sealed class Waiter : Modulets.IUpgradableJob<MagicNumber.MagicWait>
        {
            public async System.Threading.Tasks.Task RunAsync(Modulets.UpgradeContext<MagicNumber.MagicWait> context)
            {
                var wait = context.State with { Ran = [.. context.State.Ran, $"{context.Job.Version.ShortId} ({new Magic().GetMagic()})"] };
                var upgrade = System.Threading.Tasks.Task.Delay(System.Threading.Timeout.Infinite, context.UpgradeAvailable);
                if (await System.Threading.Tasks.Task.WhenAny(MagicNumber.MagicWaits.Released, upgrade) == upgrade && await context.HandOffAsync(wait))
                {
                    return;
                }

                await MagicNumber.MagicWaits.Released;
                MagicNumber.MagicWaits.Report(wait with { FinishedWith = new Magic().GetMagic() });
            }
        }
        """;

    private void Replace(string fileName, byte[] content)
    {
        var target = Path.Combine(folder, fileName);
        File.WriteAllBytes(target + ".tmp", content);
        File.Move(target + ".tmp", target, overwrite: true);
    }
}
