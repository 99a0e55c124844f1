// A server of the cross-process Hangfire tests: HangfireWorker NAME FEED CACHE CONNECTION [POLL_MS]. Follows the feed
// with a Modulets manager (polling it every POLL_MS, 500 by default), performs Hangfire jobs from PostgreSQL on it,
// prints "ready" once both run, and runs until killed (or until its standard input closes).
using Hangfire;
using Modulets;
using Modulets.HangfireWorker;
using Modulets.NuGet;

if (args is not [var name, var feed, var cache, var connection, .. var rest] || rest.Length > 1)
{
    Console.Error.WriteLine("usage: HangfireWorker NAME FEED CACHE CONNECTION [POLL_MS]");
    return 2;
}

var polling = TimeSpan.FromMilliseconds(rest is [var ms] ? int.Parse(ms, System.Globalization.CultureInfo.InvariantCulture) : 500);
var options = new ModuletOptions { ModulesPath = cache }
    .UseNuGetFeed(feed, WorkerStorage.PackageId, nuget => nuget.PollingInterval = polling);
using var manager = new ModuletManager(options);
await manager.WaitForFirstVersionAsync();
var storage = WorkerStorage.Open(connection);
using var server = new BackgroundJobServer(
    new BackgroundJobServerOptions
    {
        ServerName = name,
        WorkerCount = 2,
        SchedulePollingInterval = TimeSpan.FromMilliseconds(500),
        CancellationCheckInterval = TimeSpan.FromMilliseconds(500),
    }.UseModulets(manager, hangfire => hangfire.NewerCodeDelay = TimeSpan.FromSeconds(1)),
    storage);
Console.WriteLine($"ready {Environment.ProcessId} {manager.CurrentVersion.Id}");
await Console.In.ReadToEndAsync();
return 0;
