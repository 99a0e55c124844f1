using BenchmarkDotNet.Attributes;
using Hangfire;
using Hangfire.InMemory;
using Modulets.TestContracts;
using Modulets.TestUtilities;

namespace Modulets.Benchmarks;

/// <summary>
/// Hangfire end to end on an in-memory storage: 200 jobs enqueued, fetched, performed and marked succeeded by a server
/// with 4 workers, on plain Hangfire (a host job class) against Modulets.Hangfire (the contract job on the current
/// version). Time per job. Goal: 1.10×.
/// </summary>
public class HangfireThroughputBenchmarks
{
    private const int Jobs = 200;

    private readonly Side _plain = new();
    private readonly Side _modulets = new();
    private ModulesFolder _folder = null!;
    private ModuletManager _manager = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = ModulesFolder.With(HangfirePerformBenchmarks.Module);
        _manager = BenchmarkModules.Manager(_folder.Path);
        _plain.Start(Options());
        _modulets.Start(Options().UseModulets(_manager));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _plain.Dispose();
        _modulets.Dispose();
        _manager.Dispose();
        _folder.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Jobs, Description = "plain Hangfire: a host job class, end to end")]
    public Task Plain() => _plain.RunAsync(client => client.Enqueue<HostReport>(report => report.RunAsync("bench", CancellationToken.None)));

    [Benchmark(OperationsPerInvoke = Jobs, Description = "Modulets.Hangfire: a contract job, end to end")]
    public Task Modulets() => _modulets.RunAsync(client => client.EnqueueContract<IReportJob>(nameof(IReportJob.RunAsync), "bench", CancellationToken.None));

    private static BackgroundJobServerOptions Options() => new() { WorkerCount = 4, SchedulePollingInterval = TimeSpan.FromSeconds(5) };

    private sealed class Side : IDisposable
    {
        private readonly InMemoryStorage _storage = new();
        private BackgroundJobServer _server = null!;

        public void Start(BackgroundJobServerOptions options) => _server = new BackgroundJobServer(options, _storage);

        public async Task RunAsync(Func<BackgroundJobClient, string> enqueue)
        {
            var client = new BackgroundJobClient(_storage);
            var monitoring = _storage.GetMonitoringApi();
            var target = monitoring.SucceededListCount() + Jobs;
            for (var i = 0; i < Jobs; i++)
            {
                enqueue(client);
            }

            while (monitoring.SucceededListCount() < target)
            {
                await Task.Yield();
            }
        }

        public void Dispose()
        {
            _server.Dispose();
            _storage.Dispose();
        }
    }
}
