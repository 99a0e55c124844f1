// A fleet in one process: three Hangfire servers share one storage; each has its own Modulets manager following one
// NuGet feed (a local folder). Reports are enqueued continuously against the IReportJob contract; half-way, the team
// publishes Fleet.Reports 1.1.0. Each server installs it on its own poll: its new pickups run 1.1.0, its in-flight
// jobs finish on 1.0.0, and 1.0.0 is collected on each server once its last job there has ended.
using Fleet;
using Hangfire;
using Hangfire.InMemory;
using Modulets;

if (FleetArguments.Parse(args) is not { } arguments)
{
    Console.Error.WriteLine(FleetArguments.Usage);
    return 2;
}

if (arguments.Postgres is not null)
{
    return await SeparateProcesses.RunAsync(arguments);
}

var seconds = arguments.Seconds;
var root = Directory.CreateTempSubdirectory("modulets-fleet-").FullName;
var feed = Directory.CreateDirectory(Path.Combine(root, "feed")).FullName;
var publisher = new ReportPackagePublisher(feed);
publisher.Publish("1.0.0");
Console.WriteLine($"Feed {feed}: published {ReportPackagePublisher.PackageId} 1.0.0");

using var storage = new InMemoryStorage();
var servers = Enumerable.Range(1, 3)
    .Select(i => new FleetServer($"server-{i}", feed, Path.Combine(root, $"cache-{i}"), TimeSpan.FromSeconds(1 + i), storage, Console.Out))
    .ToList();
await Task.WhenAll(servers.Select(server => server.Manager.WaitForFirstVersionAsync()));

var client = new BackgroundJobClient(storage);
var publishAt = TimeSpan.FromSeconds(seconds / 3);
Console.WriteLine($"Enqueuing a report every 100 ms for {seconds} s; {ReportPackagePublisher.PackageId} 1.1.0 is published at {publishAt.TotalSeconds:0} s");
var clock = System.Diagnostics.Stopwatch.StartNew();
var enqueued = 0;
var published = false;
var nextReport = TimeSpan.FromSeconds(2);
while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
{
    client.EnqueueContract<IReportJob>(nameof(IReportJob.RunAsync), ++enqueued, CancellationToken.None);
    if (!published && clock.Elapsed >= publishAt)
    {
        publisher.Publish("1.1.0");
        published = true;
        Console.WriteLine($"[{clock.Elapsed.TotalSeconds,3:0} s] published {ReportPackagePublisher.PackageId} 1.1.0");
    }

    if (clock.Elapsed >= nextReport)
    {
        Console.WriteLine($"[{clock.Elapsed.TotalSeconds,3:0} s] {string.Join(" · ", servers.Select(server => server.Describe()))}");
        nextReport += TimeSpan.FromSeconds(2);
    }

    await Task.Delay(100);
}

var monitoring = storage.GetMonitoringApi();
while (monitoring.SucceededListCount() < enqueued && clock.Elapsed < TimeSpan.FromSeconds(seconds + 60))
{
    await Task.Delay(100);
}

var succeeded = monitoring.SucceededListCount();
var collected = true;
foreach (var server in servers)
{
    var versions = server.Manager.Versions.ToList();
    foreach (var old in versions.Where(v => v.State != ModuleVersionState.Current))
    {
        collected &= await old.UnloadCompletion.WaitAsync(TimeSpan.FromSeconds(60)) == ModuleVersionState.Collected;
    }

    Console.WriteLine($"{server.Name}: {string.Join(", ", versions.Select(v => $"{v.JobsStarted} jobs on {FleetServer.PackageVersion(v)} ({v.State.ToString().ToLowerInvariant()})"))}");
}

var moved = servers.All(server => FleetServer.PackageVersion(server.Manager.CurrentVersion) == "1.1.0" && server.Manager.Versions.Count == 2);
var ranOnBoth = servers.All(server => server.Manager.Versions.All(v => v.JobsStarted > 0));
Console.WriteLine(succeeded == enqueued && moved && collected
    ? $"All {enqueued} reports succeeded; every server moved to 1.1.0 on its own{(ranOnBoth ? " after running jobs on 1.0.0" : string.Empty)}, and collected 1.0.0."
    : $"Not as expected: {succeeded} of {enqueued} reports succeeded, every server on 1.1.0: {moved}, old versions collected: {collected}.");

servers.ForEach(server => server.Stop());
servers.ForEach(server => server.Dispose());
Directory.Delete(root, recursive: true);
return succeeded == enqueued && moved && collected ? 0 : 1;
