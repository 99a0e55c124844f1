using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Modulets.TestContracts;
using Modulets.TestUtilities;
using Quartz;

namespace Modulets.Benchmarks;

/// <summary>
/// One fire of an empty job through a Quartz.NET scheduler (in-memory store), from <c>TriggerJob</c> to the listener's
/// <c>JobWasExecuted</c>: a plain job class, against the same through Modulets (a contract job whose implementation the
/// current version's services provide, run inside a ModuletJob). Goal: at most 1.10×.
/// </summary>
[MemoryDiagnoser]
public class QuartzFireBenchmarks
{
    private readonly Fired _plainFired = new();
    private readonly Fired _moduletsFired = new();
    private ModulesFolder _folder = null!;
    private ServiceProvider _plainServices = null!;
    private ServiceProvider _moduletsServices = null!;
    private IScheduler _plain = null!;
    private IScheduler _modulets = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _folder = ModulesFolder.With(ModuleCompiler.Compile(
            "EmptyReports",
            """
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using Modulets.TestContracts;
            public sealed class Startup : Modulets.IModuletStartup
            {
                public void ConfigureServices(IServiceCollection services) => services.AddTransient<IScheduledReport, Report>();
            }
            public sealed class Report : IScheduledReport
            {
                public ValueTask Execute(Quartz.IJobExecutionContext context, CancellationToken cancellationToken) => default;
            }
            """,
            files: [typeof(IServiceCollection).Assembly.Location, typeof(IModuletStartup).Assembly.Location, typeof(IJob).Assembly.Location]));
        (_plainServices, _plain) = await StartAsync(new ServiceCollection().AddQuartz(quartz => quartz.UseInMemoryStore()), JobBuilder.Create<PlainReport>(), _plainFired);
        var modulets = new ServiceCollection()
            .AddModulets(options => (options.ModulesPath, options.UpdateDetection) = (_folder.Path, UpdateDetection.Manual))
            .AddQuartz(quartz => quartz.UseModulets().UseInMemoryStore());
        (_moduletsServices, _modulets) = await StartAsync(modulets, JobBuilder.Create<IScheduledReport>(), _moduletsFired);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _plain.Shutdown(waitForJobsToComplete: true);
        await _modulets.Shutdown(waitForJobsToComplete: true);
        await _plainServices.DisposeAsync();
        await _moduletsServices.DisposeAsync();
        _folder.Dispose();
    }

    [Benchmark(Baseline = true, Description = "fire a plain IJob through Quartz")]
    public Task Plain() => FireAsync(_plain, _plainFired);

    [Benchmark(Description = "fire a contract job through Quartz on Modulets")]
    public Task OnModulets() => FireAsync(_modulets, _moduletsFired);

    private static async Task FireAsync(IScheduler scheduler, Fired fired)
    {
        var done = fired.Next();
        await scheduler.TriggerJob(new JobKey("report"), null!, default);
        await done;
    }

    private static async Task<(ServiceProvider, IScheduler)> StartAsync<TJob>(IServiceCollection services, JobBuilder<TJob> job, Fired fired)
        where TJob : IJob
    {
        var provider = services.BuildServiceProvider();
        provider.GetService<ModuletManager>()?.Refresh();
        var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler();
        scheduler.ListenerManager.AddJobListener(fired, []);
        await scheduler.AddJob(job.WithIdentity("report").StoreDurably().Build(), default, default);
        await scheduler.Start();
        return (provider, scheduler);
    }

    /// <summary>The baseline's job: a host class with nothing to do.</summary>
    public sealed class PlainReport : IJob
    {
        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) => default;
    }

    /// <summary>Completes the current fire's task when Quartz says the job was executed.</summary>
    private sealed class Fired : IJobListener
    {
        private TaskCompletionSource _current = new();

        public string Name => "fired";

        public Task Next() => (_current = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => default;

        public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => default;

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
        {
            _current.TrySetResult();
            return default;
        }
    }
}
