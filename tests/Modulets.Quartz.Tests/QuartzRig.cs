using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Quartz;

namespace Modulets.Quartz.Tests;

/// <summary>A Quartz scheduler (in-memory store) whose contract jobs run on a Modulets manager over a test folder, logging into a collector.</summary>
public sealed class QuartzRig : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private QuartzRig(ServiceProvider services, IScheduler scheduler, ModulesFolder folder, FakeLogCollector logs)
    {
        _services = services;
        Scheduler = scheduler;
        Folder = folder;
        Logs = logs;
    }

    public IScheduler Scheduler { get; }

    public ModulesFolder Folder { get; }

    public ModuletManager Manager => _services.GetRequiredService<ModuletManager>();

    public FakeLogCollector Logs { get; }

    public static async Task<QuartzRig> StartAsync(CompiledModule module, Action<Modulets.Quartz.ModuletsQuartzOptions>? configure = null)
    {
        var folder = ModulesFolder.With(module);
        var logs = new FakeLogCollector();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(new FakeLoggerProvider(logs)))
            .AddModulets(options =>
            {
                options.ModulesPath = folder.Path;
                options.UpdateDetection = UpdateDetection.Manual;
                options.UnloadTimeout = TimeSpan.FromSeconds(20);
            })
            .AddQuartz(quartz => quartz.UseModulets(configure: configure).UseInMemoryStore())
            .BuildServiceProvider();
        services.GetRequiredService<ModuletManager>().Refresh(); // without a host, the first version loads when asked
        var scheduler = await services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.Start();
        return new QuartzRig(services, scheduler, folder, logs);
    }

    /// <summary>Schedules the contract job once, now, with <paramref name="run"/> as its data; returns its key.</summary>
    public async Task<JobKey> FireOnceAsync(string run)
    {
        var job = JobBuilder.Create<IScheduledReport>().WithIdentity(run).UsingJobData("run", run).StoreDurably().Build();
        await Scheduler.ScheduleJob(job, TriggerBuilder.Create().WithIdentity(run).StartNow().Build(), default);
        return job.Key;
    }

    /// <summary>Fires a job that waits for its gate, and returns its run once it has started.</summary>
    public async Task<(string Run, JobKey Key)> StartWaitingFireAsync()
    {
        var run = $"wait:{Guid.NewGuid():N}";
        var key = await FireOnceAsync(run);
        Gates.Get(run + ".started").Wait(TimeSpan.FromSeconds(30)).Should().BeTrue("the fire should have started");
        return (run, key);
    }

    /// <summary>Writes another build of the module and makes it current.</summary>
    public ModuleVersion Ship(int build)
    {
        Folder.Write(TestModules.ScheduledReports(build));
        return Manager.Refresh();
    }

    public IReadOnlyList<FakeLogRecord> Events(int eventId) => [.. Logs.GetSnapshot().Where(record => record.Id.Id == eventId)];

    public async ValueTask DisposeAsync()
    {
        await Scheduler.Shutdown(waitForJobsToComplete: false);
        await _services.DisposeAsync();
        Folder.Dispose();
    }
}
