using System.Globalization;
using Modulets.QuartzWorker;
using Quartz;

namespace Modulets.Quartz.Tests.CrossProcess;

/// <summary>Two Quartz nodes in one cluster on a real PostgreSQL, each following one folder feed: cron jobs, an update, and a crash.</summary>
public sealed class ClusteredQuartzTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IDisposable
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);

    private readonly string _root = Directory.CreateTempSubdirectory("modulets-quartz-cluster-").FullName;

    private string Feed => Directory.CreateDirectory(Path.Combine(_root, "feed")).FullName;

    private string RunsFile => Path.Combine(_root, "runs.txt");

    [Fact]
    public async Task CronJobsFireOnEitherNode_AnUpdateReachesBoth_AndAKilledNodesJobIsRecoveredByTheOther()
    {
        Publish(build: 1, "1.0.0");
        using var a = await StartNodeAsync("cache-a");
        using var b = await StartNodeAsync("cache-b");
        var nodes = new[] { a, b };
        var scheduler = await QuartzSchedulerBuilder.Create(quartz => quartz.UseCluster(postgres.ConnectionString)).BuildScheduler();

        // Cron jobs, every second, half a second each: one node (one fire at a time) cannot take them all, so both do.
        foreach (var i in Enumerable.Range(0, 4))
        {
            var job = JobBuilder.Create<IScheduledReport>().WithIdentity($"cron-{i}").UsingJobData("run", $"cron-{i}").Build();
            await scheduler.ScheduleJob(job, TriggerBuilder.Create().WithIdentity($"cron-{i}").WithSchedule(CronScheduleBuilder.Create("0/1 * * * * ?")).Build(), default);
        }

        await WaitAsync(() => nodes.All(node => Runs("end", "cron-").Any(run => run.Pid == node.Id && run.Build == 1)), "both nodes to fire cron jobs on build 1", nodes);

        // The update, published while the cron jobs fire: each node installs it on its own poll.
        Publish(build: 2, "1.1.0");
        await WaitAsync(() => nodes.All(node => Runs("end", "cron-").Any(run => run.Pid == node.Id && run.Build == 2)), "both nodes to fire cron jobs on build 2", nodes);
        foreach (var i in Enumerable.Range(0, 4))
        {
            await scheduler.DeleteJob(new JobKey($"cron-{i}"), default);
        }

        // A node is killed mid-job: the other recovers the job (it requests recovery) and runs it to its end.
        var crashing = JobBuilder.Create<IScheduledReport>().WithIdentity("long:crash").UsingJobData("run", "long:crash").RequestRecovery().Build();
        await scheduler.ScheduleJob(crashing, TriggerBuilder.Create().WithIdentity("long:crash").StartNow().Build(), default);
        await WaitAsync(() => Runs("start", "long:crash").Count == 1, "the job that will lose its node to start", nodes);
        var victim = nodes.Single(node => node.Id == Runs("start", "long:crash")[0].Pid);
        var survivor = nodes.Single(node => node != victim);
        victim.Crash();
        await WaitAsync(() => Runs("end", "long:crash").Count == 1, "the killed node's job to be recovered", nodes);

        Runs("start", "long:crash").Select(run => run.Pid).Should().Equal(victim.Id, survivor.Id);
        Runs("end", "long:crash").Should().ContainSingle().Which.Should().Match<Run>(run => run.Pid == survivor.Id && run.Build == 2 && run.Recovering);
        var fires = Runs("end", "cron-").Select(run => run.FireInstanceId).ToList();
        fires.Should().OnlyHaveUniqueItems("no fire ran twice");
        Runs("start", "cron-").Select(run => run.FireInstanceId).Should().OnlyHaveUniqueItems();
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Waits for a condition; a timeout says what the module recorded last and what each node logged.</summary>
    private async Task WaitAsync(Func<bool> condition, string what, IReadOnlyList<FixtureProcess> nodes)
    {
        try
        {
            await Eventually.TrueAsync(condition, what, s_patience);
        }
        catch (TimeoutException e)
        {
            var runs = File.Exists(RunsFile) ? string.Join(Environment.NewLine, File.ReadAllLines(RunsFile).TakeLast(20)) : "(no runs)";
            throw new TimeoutException($"{e.Message}{Environment.NewLine}Last runs:{Environment.NewLine}{runs}{string.Concat(nodes.Select(node => $"{Environment.NewLine}Node {node.Id}:{Environment.NewLine}{node.Output}"))}", e);
        }
    }

    private Task<FixtureProcess> StartNodeAsync(string cache) =>
        FixtureProcess.StartAsync(
            typeof(ClusteredQuartzTests).Assembly,
            "QuartzWorker",
            [Feed, Path.Combine(_root, cache), postgres.ConnectionString],
            new Dictionary<string, string> { ["MODULETS_RUNS_FILE"] = RunsFile });

    /// <summary>The lines the module wrote: "start|end run build pid fireInstanceId recovering".</summary>
    private List<Run> Runs(string kind, string runPrefix) =>
        !File.Exists(RunsFile)
            ? []
            : [.. File.ReadAllLines(RunsFile)
                .Select(line => line.Split(' '))
                .Where(parts => parts.Length == 6 && parts[0] == kind && parts[1].StartsWith(runPrefix, StringComparison.Ordinal))
                .Select(parts => new Run(parts[1], int.Parse(parts[2], CultureInfo.InvariantCulture), int.Parse(parts[3], CultureInfo.InvariantCulture), parts[4], bool.Parse(parts[5])))];

    private void Publish(int build, string version)
    {
        var module = ModuleCompiler.Compile(
            ClusterStore.PackageId,
            $$"""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using Modulets.TestContracts;
            namespace ClusterReports;
            public sealed class Startup : Modulets.IModuletStartup
            {
                public void ConfigureServices(IServiceCollection services) => services.AddTransient<IScheduledReport, Report>();
            }
            public sealed class Report : IScheduledReport
            {
                public async ValueTask Execute(Quartz.IJobExecutionContext context, CancellationToken cancellationToken)
                {
                    var run = (string)context.MergedJobDataMap["run"];
                    Write("start", run, context);
                    await Task.Delay(run.StartsWith("long:") ? 8000 : 500, cancellationToken);
                    Write("end", run, context);
                }

                private static void Write(string kind, string run, Quartz.IJobExecutionContext context)
                {
                    var line = $"{kind} {run} {{build}} {System.Environment.ProcessId} {context.FireInstanceId} {context.Recovering}\n";
                    lock (typeof(Report))
                    {
                        System.IO.File.AppendAllText(System.Environment.GetEnvironmentVariable("MODULETS_RUNS_FILE")!, line);
                    }
                }
            }
            """,
            files: [typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location, typeof(IModuletStartup).Assembly.Location, typeof(IJob).Assembly.Location]);
        FolderFeed.Publish(Feed, ClusterStore.PackageId, version, module, "Cross-process scheduled reports.");
    }

    private sealed record Run(string RunId, int Build, int Pid, string FireInstanceId, bool Recovering);
}
