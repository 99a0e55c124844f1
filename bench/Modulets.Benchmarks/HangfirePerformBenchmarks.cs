using BenchmarkDotNet.Attributes;
using Hangfire;
using Hangfire.Common;
using Hangfire.InMemory;
using Hangfire.Server;
using Hangfire.States;
using Hangfire.Storage;
using Modulets.TestContracts;
using Modulets.TestUtilities;

namespace Modulets.Benchmarks;

/// <summary>
/// One Hangfire job performance through Hangfire's own performer (its filters included), on an in-memory storage: a
/// contract job on Modulets (a job on the current version, the implementation from the module's services, the version
/// written to the job) against the same empty job on plain Hangfire, a host class activated as Hangfire does. Goal: 1.10×.
/// This is the worst case for the ratio: a real storage adds its fetch and state changes (milliseconds on PostgreSQL)
/// to both sides.
/// </summary>
public class HangfirePerformBenchmarks
{
    /// <summary>The module both Hangfire benchmarks run: an <c>IReportJob</c> that does nothing.</summary>
    public static CompiledModule Module { get; } = ModuleCompiler.Compile(
        "BenchReports",
        """
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Modulets.TestContracts;
        namespace BenchReports;
        public sealed class Startup : Modulets.IModuletStartup
        {
            public void ConfigureServices(IServiceCollection services) => services.AddTransient<IReportJob, Report>();
        }
        public sealed class Report : IReportJob
        {
            public Task RunAsync(string runId, CancellationToken cancellationToken) => Task.CompletedTask;
        }
        """,
        files: [typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location, typeof(IModuletStartup).Assembly.Location]);

    private InMemoryStorage _storage = null!;
    private IStorageConnection _connection = null!;
    private ModulesFolder _folder = null!;
    private ModuletManager _manager = null!;
    private BackgroundJobPerformer _plain = null!;
    private BackgroundJobPerformer _modulets = null!;
    private PerformContext _plainJob = null!;
    private PerformContext _contractJob = null!;

    [GlobalSetup]
    public void Setup()
    {
        _storage = new InMemoryStorage();
        _connection = _storage.GetConnection();
        _folder = ModulesFolder.With(Module);
        _manager = BenchmarkModules.Manager(_folder.Path);
        var options = new BackgroundJobServerOptions().UseModulets(_manager);
        _plain = new BackgroundJobPerformer(JobFilterProviders.Providers, JobActivator.Current);
        _modulets = new BackgroundJobPerformer(JobFilterProviders.Providers, options.Activator);
        _plainJob = Context(Job.FromExpression<HostReport>(report => report.RunAsync("bench", CancellationToken.None)));
        _contractJob = Context(Job.FromExpression<IReportJob>(report => report.RunAsync("bench", CancellationToken.None)));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _connection.Dispose();
        _manager.Dispose();
        _folder.Dispose();
        _storage.Dispose();
    }

    [Benchmark(Baseline = true, Description = "plain Hangfire: perform a host job class")]
    public object? Plain() => _plain.Perform(_plainJob);

    [Benchmark(Description = "Modulets.Hangfire: perform a contract job on the current version")]
    public object? Modulets() => _modulets.Perform(_contractJob);

    private PerformContext Context(Job job)
    {
        var id = new BackgroundJobClient(_storage).Create(job, new ScheduledState(TimeSpan.FromDays(1)));
        return new PerformContext(_storage, _connection, new BackgroundJob(id, job, DateTime.UtcNow), new JobCancellationToken(false));
    }
}

/// <summary>The same empty job, as a class of the host's own.</summary>
public sealed class HostReport : IReportJob
{
    public Task RunAsync(string runId, CancellationToken cancellationToken) => Task.CompletedTask;
}
