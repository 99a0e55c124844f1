using Hangfire;
using Hangfire.InMemory;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Modulets.Hangfire.Tests;

/// <summary>One Hangfire storage (in memory), a client, and servers each on a manager of its own over its own modules folder.</summary>
public sealed class HangfireRig : IDisposable
{
    private readonly List<(BackgroundJobServer Server, TestManager Manager, ModulesFolder Folder)> _servers = [];
    private readonly List<IDisposable> _hostServices = [];

    static HangfireRig()
    {
        // Retries a second apart, so a test sees one within its patience.
        lock (GlobalJobFilters.Filters)
        {
            foreach (var retry in GlobalJobFilters.Filters.Where(f => f.Instance is AutomaticRetryAttribute).ToList())
            {
                GlobalJobFilters.Filters.Remove(retry.Instance);
            }

            GlobalJobFilters.Filters.Add(new AutomaticRetryAttribute { Attempts = 3, DelaysInSeconds = [1] });
        }
    }

    public InMemoryStorage Storage { get; } = new();

    public BackgroundJobClient Client => new(Storage);

    public TestManager Manager(int server) => _servers[server].Manager;

    public ModulesFolder Folder(int server) => _servers[server].Folder;

    /// <summary>Starts a server named <paramref name="name"/> on a manager whose folder holds <paramref name="module"/>.</summary>
    public HangfireRig AddServer(string name, CompiledModule module, Action<ModuletOptions>? configure = null, Action<Modulets.Hangfire.ModuletsHangfireOptions>? hangfire = null)
    {
        var folder = ModulesFolder.With(module);
        var manager = new TestManager(folder.Path, configure);
        var options = new BackgroundJobServerOptions
        {
            ServerName = name,
            WorkerCount = 2,
            SchedulePollingInterval = TimeSpan.FromMilliseconds(200),
            CancellationCheckInterval = TimeSpan.FromMilliseconds(200),
            ShutdownTimeout = TimeSpan.FromSeconds(5),
        }.UseModulets(manager.Manager, hangfire);
        _servers.Add((new BackgroundJobServer(options, Storage), manager, folder));
        return this;
    }

    /// <summary>The report module, built against Hangfire so that its code can enqueue (run ids <c>enqueue:</c> and <c>expression:</c>).</summary>
    public static CompiledModule ReportJobsThatEnqueue(int build) =>
        TestModules.ReportJobs(build, hangfireAssemblies: [typeof(IBackgroundJobClient).Assembly.Location, typeof(ContractJobClientExtensions).Assembly.Location]);

    /// <summary>Starts a server whose module can enqueue: the host shares its <see cref="IBackgroundJobClient"/> with the version's services.</summary>
    public HangfireRig AddServerWhoseModuleEnqueues(string name, int build)
    {
        var hostServices = new ServiceCollection().AddSingleton<IBackgroundJobClient>(Client).BuildServiceProvider();
        _hostServices.Add(hostServices);
        return AddServer(name, ReportJobsThatEnqueue(build), options =>
        {
            options.HostServices = hostServices;
            options.SharedServices.Add(typeof(IBackgroundJobClient));
        });
    }

    public string Parameter(string jobId, string name)
    {
        using var connection = Storage.GetConnection();
        return connection.GetJobParameter(jobId, name);
    }

    public StateData State(string jobId)
    {
        using var connection = Storage.GetConnection();
        return connection.GetStateData(jobId);
    }

    public IReadOnlyList<string> History(string jobId) =>
        [.. Storage.GetMonitoringApi().JobDetails(jobId).History.Select(h => $"{h.StateName}: {h.Reason}")];

    public Task UntilSucceededAsync(string jobId) => Eventually.TrueAsync(() => State(jobId)?.Name == SucceededState.StateName, $"job {jobId} to succeed (history: {string.Join(" | ", History(jobId))})");

    public void Dispose()
    {
        foreach (var (server, _, _) in _servers)
        {
            server.SendStop();
        }

        foreach (var (server, manager, folder) in _servers)
        {
            server.Dispose();
            manager.Dispose();
            folder.Dispose();
        }

        _hostServices.ForEach(services => services.Dispose());
        Storage.Dispose();
    }
}
