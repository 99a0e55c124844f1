using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NuGet.Packaging;
using NuGet.Versioning;

namespace Fleet;

/// <summary>Builds the Reports module and publishes it as a package to a local folder feed, as the team's CI would.</summary>
internal sealed class ReportPackagePublisher(string feed)
{
    public const string PackageId = "Fleet.Reports";

    private readonly MetadataReference[] _references =
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetDirectoryName(path) == Path.GetDirectoryName(typeof(object).Assembly.Location))
            .Select(path => MetadataReference.CreateFromFile(path)),
        MetadataReference.CreateFromFile(typeof(IReportJob).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Modulets.IModuletStartup).Assembly.Location),
    ];

    public void Publish(string version)
    {
        var source = $$"""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            namespace Fleet.Reports;
            public sealed class Startup : Modulets.IModuletStartup
            {
                public void ConfigureServices(IServiceCollection services) => services.AddTransient<Fleet.IReportJob, Report>();
            }
            public sealed class Report : Fleet.IReportJob
            {
                public async Task<string> RunAsync(int number, CancellationToken cancellationToken)
                {
                    await Task.Delay(500 + number % 7 * 300, cancellationToken);
                    return $"report {number} built by Reports {{version}}";
                }
            }
            """;
        var compilation = CSharpCompilation.Create(
            PackageId,
            [CSharpSyntaxTree.ParseText(source, path: "Report.cs", encoding: System.Text.Encoding.UTF8)],
            _references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, deterministic: true));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        if (!result.Success)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, result.Diagnostics));
        }

        var build = Path.Combine(Path.GetTempPath(), $"{PackageId}-{version}-{Guid.NewGuid():N}.dll");
        File.WriteAllBytes(build, image.ToArray());
        var package = new PackageBuilder { Id = PackageId, Version = NuGetVersion.Parse(version), Description = "The fleet sample's report module." };
        package.Authors.Add("Fleet sample");
        package.Files.Add(new PhysicalPackageFile { SourcePath = build, TargetPath = $"lib/net10.0/{PackageId}.dll" });
        var target = Path.Combine(feed, $"{PackageId}.{version}.nupkg");
        using (var output = File.Create(target + ".tmp"))
        {
            package.Save(output);
        }

        File.Move(target + ".tmp", target, overwrite: true); // the feed sees the package whole, as a push makes it
        File.Delete(build);
    }
}
