using Hangfire;
using Hangfire.States;
using Modulets.HangfireWorker;
using Modulets.NuGet;

namespace Modulets.Hangfire.Tests.CrossProcess;

/// <summary>Two server processes on a real PostgreSQL, following one folder feed: an update, and a crash.</summary>
public sealed class CrossProcessFleetTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IDisposable
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(45);

    private readonly string _root = Directory.CreateTempSubdirectory("modulets-fleet-test-").FullName;

    private string Feed => Directory.CreateDirectory(Path.Combine(_root, "feed")).FullName;

    private string RunsFile => Path.Combine(_root, "runs.txt");

    [Fact]
    public async Task AnUpdateReachesBothServers_ALongJobRunsOnce_AndAKilledServersJobIsRecoveredByTheOther()
    {
        Publish(build: 1, "1.0.0");
        var storage = WorkerStorage.Open(postgres.ConnectionString);
        var client = new BackgroundJobClient(storage);
        using var a = await StartWorkerAsync("A", Feed, "cache-a");
        using var b = await StartWorkerAsync("B", Feed, "cache-b");
        var workers = new[] { a, b };

        // A long job (8 s, longer than the 5 s invisibility timeout) starts on build 1; the update is published under it.
        var keep = client.EnqueueContract<IReportJob>(nameof(IReportJob.RunAsync), "long:keep", CancellationToken.None);
        await Eventually.TrueAsync(() => Runs("start", "long:keep").Count == 1, "the long job to start", s_patience);
        Publish(build: 2, "1.1.0");

        // Each server installs 1.1.0 on its own: probes until both have run one on build 2.
        var probes = 0;
        await Eventually.TrueAsync(
            () =>
            {
                client.EnqueueContract<IReportJob>(nameof(IReportJob.RunAsync), $"probe-{++probes}", CancellationToken.None);
                var build2 = Runs("end", "probe-").Where(run => run.Build == 2).Select(run => run.Pid).ToHashSet();
                return workers.All(worker => build2.Contains(worker.Id));
            },
            "both servers to run build 2",
            patience: s_patience,
            pause: TimeSpan.FromMilliseconds(300));

        await Eventually.TrueAsync(() => State(storage, keep) == SucceededState.StateName, "the long job to succeed", s_patience);
        var kept = Runs("start", "long:keep").Should().ContainSingle("sliding invisibility keeps a live server's long job from being taken again").Subject;
        kept.Build.Should().Be(1, "it started before the update and keeps its version");
        Runs("end", "long:keep").Should().ContainSingle().Which.Build.Should().Be(1);

        // A server is killed mid-job: the other takes the job over once its invisibility expires, and runs it to its end.
        var crash = client.EnqueueContract<IReportJob>(nameof(IReportJob.RunAsync), "long:crash", CancellationToken.None);
        await Eventually.TrueAsync(() => Runs("start", "long:crash").Count == 1, "the job that will lose its server to start", s_patience);
        var victim = workers.Single(worker => worker.Id == Runs("start", "long:crash")[0].Pid);
        var survivor = workers.Single(worker => worker != victim);
        victim.Crash();
        await Eventually.TrueAsync(() => State(storage, crash) == SucceededState.StateName, "the killed server's job to be recovered", patience: TimeSpan.FromSeconds(60));

        Runs("start", "long:crash").Select(run => run.Pid).Should().Equal(victim.Id, survivor.Id);
        Runs("end", "long:crash").Should().ContainSingle().Which.Should().Be(new Run("end", "long:crash", 2, survivor.Id));
        var ended = Runs("end", "probe-").Select(run => run.RunId).ToList();
        ended.Should().OnlyHaveUniqueItems("no probe ran twice");
        Runs("start", "probe-").Should().HaveCount(ended.Count);
    }

    [Fact]
    public async Task AJobEnqueuedByNewerCode_IsPutBackByAnOlderServer_ThenRunsOnItOnceAFreshLookFindsTheNewerVersion()
    {
        // The enqueuer (this process, host code) follows one feed; the server follows another, and polls it only when asked.
        var enqueuerFeed = Directory.CreateDirectory(Path.Combine(_root, "enqueuer-feed")).FullName;
        Publish(build: 1, "1.0.0");
        Publish(build: 1, "1.0.0", enqueuerFeed);
        using var enqueuer = new ModuletManager(new ModuletOptions { ModulesPath = Path.Combine(_root, "cache-enqueuer") }
            .UseNuGetFeed(enqueuerFeed, WorkerStorage.PackageId, nuget => nuget.PollingInterval = TimeSpan.FromHours(1)));
        await enqueuer.WaitForFirstVersionAsync();
        var storage = WorkerStorage.Open(postgres.ConnectionString);
        GlobalConfiguration.Configuration.UseModulets(enqueuer);
        var client = new BackgroundJobClient(storage);
        using var server = await StartWorkerAsync("B", Feed, "cache-b", polling: TimeSpan.FromHours(1));

        var same = client.EnqueueContract<IReportJob>(nameof(IReportJob.RunAsync), "same-version", CancellationToken.None);
        await Eventually.TrueAsync(() => State(storage, same) == SucceededState.StateName, "a job enqueued by the server's own version to run", s_patience);
        Publish(build: 2, "1.1.0", enqueuerFeed);
        (await enqueuer.RefreshAsync()).Labels[ModuleLabels.PackageVersion].Should().Be("1.1.0");
        var newer = client.EnqueueContract<IReportJob>(nameof(IReportJob.RunAsync), "newer-version", CancellationToken.None);
        await Eventually.TrueAsync(() => History(storage, newer).Any(state => state.StateName == ScheduledState.StateName), "the older server to put the job back", s_patience);

        Runs("start", "newer-version").Should().BeEmpty("no job runs on code older than its enqueuer's");
        var putBack = History(storage, newer).First(state => state.StateName == ScheduledState.StateName);
        putBack.Reason.Should().Contain("enqueued by version").And.Contain("package.version 1.1.0").And.Contain("package.version 1.0.0").And.Contain("no retry is used up");
        Parameter(storage, newer, "RetryCount").Should().BeNull("being put back is not a failure");

        Publish(build: 2, "1.1.0");
        await Eventually.TrueAsync(() => State(storage, newer) == SucceededState.StateName, "the job to run once the server's fresh look finds 1.1.0", s_patience);
        Runs("end", "newer-version").Should().ContainSingle().Which.Build.Should().Be(2, "the server polls its feed when a job needs newer code (its own polling is hourly)");
        Runs("end", "same-version").Should().ContainSingle().Which.Build.Should().Be(1);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Starts a HangfireWorker process on the feed, polling it every <paramref name="polling"/> (500 ms when omitted).</summary>
    private Task<FixtureProcess> StartWorkerAsync(string name, string feed, string cache, TimeSpan? polling = null) =>
        FixtureProcess.StartAsync(
            typeof(CrossProcessFleetTests).Assembly,
            "HangfireWorker",
            [name, feed, Path.Combine(_root, cache), postgres.ConnectionString, .. polling is { } every ? [((int)every.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture)] : Array.Empty<string>()],
            new Dictionary<string, string> { ["MODULETS_RUNS_FILE"] = RunsFile });

    private static List<global::Hangfire.Storage.Monitoring.StateHistoryDto> History(JobStorage storage, string jobId) =>
        [.. storage.GetMonitoringApi().JobDetails(jobId)?.History ?? []];

    private static string? Parameter(JobStorage storage, string jobId, string name)
    {
        using var connection = storage.GetConnection();
        return connection.GetJobParameter(jobId, name);
    }

    private static string? State(JobStorage storage, string jobId)
    {
        using var connection = storage.GetConnection();
        return connection.GetStateData(jobId)?.Name;
    }

    /// <summary>The lines the module wrote: "start|end runId build pid".</summary>
    private List<Run> Runs(string kind, string runIdPrefix) =>
        !File.Exists(RunsFile)
            ? []
            : [.. File.ReadAllLines(RunsFile)
                .Select(line => line.Split(' '))
                .Where(parts => parts.Length == 4 && parts[0] == kind && parts[1].StartsWith(runIdPrefix, StringComparison.Ordinal))
                .Select(parts => new Run(parts[0], parts[1], int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture)))];

    private void Publish(int build, string version, string? feed = null)
    {
        var module = ModuleCompiler.Compile(
            WorkerStorage.PackageId,
            $$"""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using Modulets.TestContracts;
            namespace CrossProcessReports;
            public sealed class Startup : Modulets.IModuletStartup
            {
                public void ConfigureServices(IServiceCollection services) => services.AddTransient<IReportJob, Report>();
            }
            public sealed class Report : IReportJob
            {
                public async Task RunAsync(string runId, CancellationToken cancellationToken)
                {
                    var file = System.Environment.GetEnvironmentVariable("MODULETS_RUNS_FILE")!;
                    var pid = System.Environment.ProcessId;
                    System.IO.File.AppendAllText(file, $"start {runId} {{build}} {pid}\n");
                    if (runId.StartsWith("long:"))
                    {
                        await Task.Delay(8000, cancellationToken);
                    }
                    System.IO.File.AppendAllText(file, $"end {runId} {{build}} {pid}\n");
                }
            }
            """,
            files: [typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location, typeof(IModuletStartup).Assembly.Location]);
        FolderFeed.Publish(feed ?? Feed, WorkerStorage.PackageId, version, module, "Cross-process test reports.");
    }

    private sealed record Run(string Kind, string RunId, int Build, int Pid);
}
