using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace JobServer;

/// <summary>Builds the SendEmail module, as the team's CI would, and ships it into the modules folder in one rename.</summary>
internal sealed class SendEmailModuleWriter(string folder)
{
    private readonly MetadataReference[] _references =
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetDirectoryName(path) == Path.GetDirectoryName(typeof(object).Assembly.Location))
            .Select(path => MetadataReference.CreateFromFile(path)),
        MetadataReference.CreateFromFile(typeof(ISendEmail).Assembly.Location),
    ];

    /// <summary>Version 1: every email's return path is the one bounce address, so a bounce cannot say whose it is.</summary>
    public void WritePlainReturnPath() => Write("""
        public Email Compose(string recipient) =>
            new(recipient, "bounces@jobs.example", "Please confirm your address");
        """);

    /// <summary>Version 2: VERP, the recipient encoded in the return path, so each bounce finds its job.</summary>
    public void WriteVerp() => Write("""
        public Email Compose(string recipient) =>
            new(recipient, $"bounces+{recipient.Replace('@', '=')}@jobs.example", "Please confirm your address");
        """);

    private void Write(string compose)
    {
        var source = $$"""
            using JobServer;

            namespace SendEmail;

            public sealed class Composer : ISendEmail
            {
                {{compose}}
            }
            """;
        var compilation = CSharpCompilation.Create(
            "SendEmail",
            [CSharpSyntaxTree.ParseText(source, path: "Composer.cs", encoding: System.Text.Encoding.UTF8)],
            _references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, deterministic: true));
        using var image = new MemoryStream();
        var result = compilation.Emit(image, options: new EmitOptions());
        if (!result.Success)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, result.Diagnostics));
        }

        var target = Path.Combine(folder, "SendEmail.dll");
        File.WriteAllBytes(target + ".tmp", image.ToArray());
        File.Move(target + ".tmp", target, overwrite: true);
    }
}
