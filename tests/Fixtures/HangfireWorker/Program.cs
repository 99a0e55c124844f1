// A server of the cross-process Hangfire tests: HangfireWorker NAME FEED CACHE CONNECTION. Follows the feed with a
// Modulets manager, performs Hangfire jobs from PostgreSQL on it, prints "ready" once both run, and runs until killed
// (or until its standard input closes).
using Hangfire;
using Modulets;
using Modulets.HangfireWorker;
using Modulets.NuGet;

if (args is not [var name, var feed, var cache, var connection])
{
    Console.Error.WriteLine("usage: HangfireWorker NAME FEED CACHE CONNECTION");
    return 2;
}

var options = new ModuletOptions { ModulesPath = cache }
    .UseNuGetFeed(feed, WorkerStorage.PackageId, nuget => nuget.PollingInterval = TimeSpan.FromMilliseconds(500));
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
    }.UseModulets(manager),
    storage);
Console.WriteLine($"ready {Environment.ProcessId} {manager.CurrentVersion.Id}");
await Console.In.ReadToEndAsync();
return 0;
