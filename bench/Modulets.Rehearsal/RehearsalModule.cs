using Modulets.TestContracts;
using Modulets.TestUtilities;

namespace Modulets.Rehearsal;

/// <summary>
/// The module the fleet runs: an <see cref="IReportJob"/> that takes a fifth of a second and writes one line per start,
/// end and failure to the runs file of its process. The bad build fails half its jobs (by run id, so a retry on it
/// fails again).
/// </summary>
internal static class RehearsalModule
{
    public const string PackageId = "Rehearsal.Reports";

    /// <summary>The environment variable that names the folder each process writes its runs file to.</summary>
    public const string RunsFolderVariable = "MODULETS_REHEARSAL_RUNS";

    public static void Publish(string feed, string version, bool bad)
    {
        var module = ModuleCompiler.Compile(
            PackageId,
            $$"""
            using System;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using Modulets.TestContracts;
            namespace Rehearsal.Reports;
            public sealed class Startup : Modulets.IModuletStartup
            {
                public void ConfigureServices(IServiceCollection services) => services.AddTransient<IReportJob, Report>();
            }
            public sealed class Report : IReportJob
            {
                private static readonly object Gate = new();

                public async Task RunAsync(string runId, CancellationToken cancellationToken)
                {
                    Write("start", runId);
                    await Task.Delay(200, cancellationToken);
                    if ({{(bad ? "true" : "false")}} && Fails(runId))
                    {
                        Write("fail", runId);
                        throw new InvalidOperationException($"Report {runId} failed on the bad build {{version}}.");
                    }

                    Write("end", runId);
                }

                // Half the runs, the same ones on every attempt and in every process.
                private static bool Fails(string runId)
                {
                    var sum = 0;
                    foreach (var c in runId) sum += c;
                    return sum % 2 == 0;
                }

                private static void Write(string kind, string runId)
                {
                    var file = Path.Combine(Environment.GetEnvironmentVariable("{{RunsFolderVariable}}")!, $"runs-{Environment.ProcessId}.log");
                    lock (Gate)
                    {
                        File.AppendAllText(file, $"{kind} {runId} {{version}} {Environment.ProcessId} {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}\n");
                    }
                }
            }
            """,
            files: [typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location, typeof(IModuletStartup).Assembly.Location, typeof(IReportJob).Assembly.Location]);
        FolderFeed.Publish(feed, PackageId, version, module, "The fleet rehearsal's reports.");
    }
}
