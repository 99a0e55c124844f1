// A node of the cross-process Quartz tests: QuartzWorker FEED CACHE CONNECTION. Follows the feed with a Modulets manager,
// runs a clustered Quartz scheduler on PostgreSQL firing contract jobs on it, prints "ready PID" once both run, and
// runs until killed (or until its standard input closes).
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Modulets;
using Modulets.NuGet;
using Modulets.QuartzWorker;
using Quartz;

if (args is not [var feed, var cache, var connection])
{
    Console.Error.WriteLine("usage: QuartzWorker FEED CACHE CONNECTION");
    return 2;
}

await using var services = new ServiceCollection()
    .AddLogging(logging => logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Information))
    .AddModulets(options => options.UseNuGetFeed(feed, ClusterStore.PackageId, nuget => nuget.PollingInterval = TimeSpan.FromMilliseconds(500)).ModulesPath = cache)
    .AddQuartz(quartz => quartz.UseModulets().UseCluster(connection))
    .BuildServiceProvider();
var manager = services.GetRequiredService<ModuletManager>();
await manager.RefreshAsync(); // without a host, the first version is installed and loaded when asked
var scheduler = await services.GetRequiredService<ISchedulerFactory>().GetScheduler();
await scheduler.Start();
Console.WriteLine($"ready {Environment.ProcessId} {manager.CurrentVersion.Id}");
await Console.In.ReadToEndAsync();
await scheduler.Shutdown(waitForJobsToComplete: true);
return 0;
