using System.Diagnostics;
using Hangfire;
using Modulets.NuGet;
using Modulets.TestContracts;
using Modulets.TestUtilities;

namespace Modulets.Rehearsal;

/// <summary>
/// Runs the rehearsal: its own PostgreSQL cluster, the feed with 1.0.0, the worker processes, then the jobs, enqueued
/// at a steady rate by host code whose own manager follows the feed (so each job carries its enqueuer's version), with
/// the next versions published at 10, 30, 50 and 70% of the way. Then probes until every server has promoted the last
/// version, stops the workers, and checks what they recorded.
/// </summary>
internal sealed class Coordinator(RehearsalOptions options)
{
    private static readonly TimeSpan s_patience = TimeSpan.FromMinutes(5);

    public async Task<int> RunAsync()
    {
        var output = Directory.CreateDirectory(options.Output).FullName;
        foreach (var old in Directory.EnumerateFiles(output, "*.log"))
        {
            File.Delete(old);
        }

        var root = Directory.CreateTempSubdirectory("modulets-rehearsal-").FullName;
        var feed = Directory.CreateDirectory(Path.Combine(root, "feed")).FullName;
        Environment.SetEnvironmentVariable(RehearsalModule.RunsFolderVariable, output);
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"Fleet rehearsal: {options.Workers} servers, {options.Jobs} jobs over {options.EnqueueWindow.TotalSeconds:0} s, versions {string.Join(", ", RehearsalOptions.Versions)} ({RehearsalOptions.BadVersion} fails half its jobs)");
        await using var postgres = await PostgresCluster.StartAsync();
        var publishedAt = new Dictionary<string, DateTimeOffset>();
        Publish(feed, RehearsalOptions.Versions[0], publishedAt);

        // The enqueuer: host code whose manager follows the same feed, without a canary, stamping each job it enqueues.
        await using var enqueuer = new ModuletManager(new ModuletOptions { ModulesPath = Path.Combine(root, "cache-enqueuer") }
            .UseNuGetFeed(feed, RehearsalModule.PackageId, nuget => nuget.PollingInterval = TimeSpan.FromMilliseconds(500)));
        await enqueuer.WaitForFirstVersionAsync();
        var storage = RehearsalStorage.Open(postgres.ConnectionString);
        GlobalConfiguration.Configuration.UseStorage(storage).UseModulets(enqueuer);
        var client = new BackgroundJobClient(storage);

        var workers = new List<Process>();
        for (var i = 1; i <= options.Workers; i++)
        {
            workers.Add(await StartWorkerAsync($"server-{i}", feed, Path.Combine(root, $"cache-{i}"), postgres.ConnectionString, output));
        }

        Console.WriteLine($"{options.Workers} servers ready after {clock.Elapsed.TotalSeconds:0} s; enqueueing");
        var jobs = new List<(string JobId, string RunId)>();
        var enqueueStarted = Stopwatch.StartNew();
        var publishes = new Queue<(int Job, string Version)>(RehearsalOptions.Versions.Skip(1).Select((version, i) => ((int)(options.Jobs * (0.1 + (0.2 * i))), version)));
        for (var n = 0; n < options.Jobs; n++)
        {
            if (publishes.TryPeek(out var next) && next.Job == n)
            {
                Publish(feed, publishes.Dequeue().Version, publishedAt);
            }

            var runId = $"r{n}";
            jobs.Add((client.EnqueueContract<IReportJob>(nameof(IReportJob.RunAsync), runId, CancellationToken.None), runId));
            var due = options.EnqueueWindow * ((n + 1) / (double)options.Jobs);
            if (due > enqueueStarted.Elapsed)
            {
                await Task.Delay(due - enqueueStarted.Elapsed);
            }
        }

        Console.WriteLine($"{jobs.Count} jobs enqueued; waiting for them, and for every server to promote {RehearsalOptions.Versions[^1]}");
        var last = RehearsalOptions.Versions[^1];
        var deadline = Stopwatch.StartNew();
        var probes = 0;
        while (deadline.Elapsed < s_patience && (!AllSucceeded(storage, jobs) || !FleetRecord.Read(output, options.Workers).AllPromoted(last)))
        {
            // Probes keep a candidate's steps moving once the main jobs have run out.
            for (var i = 0; storage.GetMonitoringApi().EnqueuedCount("default") < options.Workers * 4 && i < options.Workers * 2; i++)
            {
                var runId = $"p{probes++}";
                jobs.Add((client.EnqueueContract<IReportJob>(nameof(IReportJob.RunAsync), runId, CancellationToken.None), runId));
            }

            await Task.Delay(500);
        }

        await WaitForAllAsync(storage, jobs);
        foreach (var worker in workers)
        {
            worker.StandardInput.Close(); // each server stops, waits for its retired versions' verdicts, and writes them
        }

        foreach (var worker in workers)
        {
            await worker.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        }

        var record = FleetRecord.Read(output, options.Workers);
        var report = new RehearsalReport(options, record, publishedAt, Outcomes(storage, jobs));
        var passed = report.Print(Console.Out);
        var chart = Path.Combine(output, "fleet-rehearsal.png");
        RehearsalChart.Save(record, publishedAt, chart);
        Console.WriteLine($"Chart: {chart}; took {clock.Elapsed.TotalSeconds:0} s");
        Directory.Delete(root, recursive: true);
        return passed ? 0 : 1;
    }

    private static void Publish(string feed, string version, Dictionary<string, DateTimeOffset> publishedAt)
    {
        RehearsalModule.Publish(feed, version, bad: version == RehearsalOptions.BadVersion);
        publishedAt[version] = DateTimeOffset.UtcNow;
        Console.WriteLine($"  published {version}{(version == RehearsalOptions.BadVersion ? " (bad)" : string.Empty)}");
    }

    private static async Task<Process> StartWorkerAsync(string name, string feed, string cache, string connection, string output)
    {
        var self = Environment.ProcessPath!;
        IEnumerable<string> arguments = Path.GetFileNameWithoutExtension(self) == "dotnet" ? [typeof(Coordinator).Assembly.Location] : [];
        var start = new ProcessStartInfo(self, [.. arguments, "worker", name, feed, cache, connection, output])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        var process = Process.Start(start)!;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("ready ", StringComparison.Ordinal))
            {
                _ = process.StandardOutput.ReadToEndAsync();
                return process;
            }
        }

        throw new InvalidOperationException($"Server {name} ended before it was ready (exit code {process.ExitCode}).");
    }

    private static bool AllSucceeded(JobStorage storage, IReadOnlyList<(string JobId, string RunId)> jobs)
    {
        var monitoring = storage.GetMonitoringApi();
        return monitoring.SucceededListCount() >= jobs.Count;
    }

    /// <summary>Waits until no job is enqueued, scheduled or processing any more (bounded).</summary>
    private static async Task WaitForAllAsync(JobStorage storage, IReadOnlyList<(string JobId, string RunId)> jobs)
    {
        var monitoring = storage.GetMonitoringApi();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < s_patience && !AllSucceeded(storage, jobs) && monitoring.ScheduledCount() + monitoring.ProcessingCount() + monitoring.EnqueuedCount("default") > 0)
        {
            await Task.Delay(500);
        }
    }

    /// <summary>Each job's final state, and the version of the code that enqueued it.</summary>
    private static List<JobOutcome> Outcomes(JobStorage storage, IReadOnlyList<(string JobId, string RunId)> jobs)
    {
        using var connection = storage.GetConnection();
        return [.. jobs.Select(job =>
        {
            var stamp = connection.GetJobParameter(job.JobId, Modulets.Hangfire.ModuletsJobParameters.EnqueuedBy);
            var enqueuer = stamp is null ? null : global::Hangfire.Common.SerializationHelper.Deserialize<Modulets.Hangfire.EnqueuerVersion>(stamp);
            return new JobOutcome(job.RunId, connection.GetStateData(job.JobId)?.Name, enqueuer?.Labels.GetValueOrDefault(ModuleLabels.PackageVersion));
        })];
    }
}
