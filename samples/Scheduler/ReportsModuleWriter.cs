using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Scheduler;

/// <summary>Builds the Reports module, as the team's CI would, and ships it into the modules folder in one rename.</summary>
internal sealed class ReportsModuleWriter(string folder)
{
    private readonly MetadataReference[] _references =
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetDirectoryName(path) == Path.GetDirectoryName(typeof(object).Assembly.Location))
            .Select(path => MetadataReference.CreateFromFile(path)),
        MetadataReference.CreateFromFile(typeof(IReportJob).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Quartz.IJob).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Modulets.IModuletStartup).Assembly.Location),
    ];

    /// <summary>Writes build <paramref name="build"/>: its reports say which build made them; "month-end" takes <paramref name="monthEnd"/>.</summary>
    public void Write(int build, TimeSpan monthEnd)
    {
        var source = $$"""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using Quartz;
            using Scheduler;

            namespace Reports;

            public sealed class Startup : Modulets.IModuletStartup
            {
                public void ConfigureServices(IServiceCollection services) => services.AddTransient<IReportJob, Report>();
            }

            public sealed class Report : IReportJob
            {
                public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
                {
                    if (context.JobDetail.Key.Name == "month-end")
                    {
                        await Task.Delay({{(long)monthEnd.TotalMilliseconds}}, cancellationToken);
                    }

                    Fires.Record(context.JobDetail.Key.Name, {{build}}, Modulets.ModuletJob.Current?.Version.Id);
                }
            }
            """;
        var compilation = CSharpCompilation.Create(
            "Reports",
            [CSharpSyntaxTree.ParseText(source, path: "Report.cs", encoding: System.Text.Encoding.UTF8)],
            _references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, deterministic: true));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        if (!result.Success)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, result.Diagnostics));
        }

        var target = Path.Combine(folder, "Reports.dll");
        File.WriteAllBytes(target + ".tmp", image.ToArray());
        File.Move(target + ".tmp", target, overwrite: true);
    }
}
