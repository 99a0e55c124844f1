// Scheduled reports on Quartz.NET, on hot-swappable code. Cron jobs (exchange rates every 2 s, a digest every 3 s) and
// a long month-end run fire on the Reports module's current version. Mid-run the operator ships build 2: the next
// fires run it, the month-end run that started on build 1 finishes on build 1, and build 1 is collected once it ends.
// In memory by default; --postgres CONNECTION uses a clustered ADO.NET store (run it twice for two nodes).
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Modulets;
using Quartz;
using Scheduler;

if (SchedulerArguments.Parse(args) is not { } arguments)
{
    Console.Error.WriteLine(SchedulerArguments.Usage);
    return 2;
}

var modules = Directory.CreateTempSubdirectory("modulets-scheduler-").FullName;
var writer = new ReportsModuleWriter(modules);
var monthEnd = arguments.ShipAfter + TimeSpan.FromSeconds(3); // long enough to span the update
writer.Write(build: 1, monthEnd);

var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders().AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
builder.Services.AddModulets(options => options.ModulesPath = modules);
builder.Services.AddQuartz(quartz =>
{
    quartz.UseModulets(); // contract jobs fire on the current version
    if (arguments.Postgres is { } connection)
    {
        quartz.UsePersistentStore(store => store.UsePostgres(connection).UseClustering().ProvisionSchema());
    }
    else
    {
        quartz.UseInMemoryStore();
    }

    quartz.ScheduleJob<IReportJob>(trigger => trigger.WithIdentity("rates").WithSchedule(CronScheduleBuilder.Create("0/2 * * * * ?")), job => job.WithIdentity("rates"));
    quartz.ScheduleJob<IReportJob>(trigger => trigger.WithIdentity("digest").WithSchedule(CronScheduleBuilder.Create("0/3 * * * * ?")), job => job.WithIdentity("digest"));
    quartz.ScheduleJob<IReportJob>(trigger => trigger.WithIdentity("month-end").StartNow(), job => job.WithIdentity("month-end"));
});
builder.Services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);

using var host = builder.Build();
await host.StartAsync();
var manager = host.Services.GetRequiredService<ModuletManager>();
var first = manager.CurrentVersion;
Console.WriteLine($"Scheduler ({(arguments.Postgres is null ? "in memory" : "clustered on PostgreSQL")}): Reports build 1 is version {first.ShortId}; shipping build 2 in {arguments.ShipAfter.TotalSeconds:0} s");

await Task.Delay(arguments.ShipAfter);
writer.Write(build: 2, monthEnd);
while (manager.CurrentVersion == first)
{
    await Task.Delay(50); // the folder watcher picks the new build up after a quiet period
}

var second = manager.CurrentVersion;
Console.WriteLine($"Build 2 is version {second.ShortId}: new fires run it; {first.ActiveJobs} fire(s) still run on {first.ShortId}");
await Task.Delay(arguments.Run - arguments.ShipAfter);
await host.StopAsync(); // waits for the fires in progress
var firstEnd = await first.UnloadCompletion.WaitAsync(TimeSpan.FromSeconds(60));

var fires = Fires.All;
Console.WriteLine($"Fires on build 1: {fires.Count(f => f.Build == 1)}, on build 2: {fires.Count(f => f.Build == 2)}; month-end ran on build {fires.FirstOrDefault(f => f.Job == "month-end")?.Build}; version {first.ShortId} was {firstEnd.ToString().ToLowerInvariant()}");
var asPromised = firstEnd == ModuleVersionState.Collected
    && fires.Any(f => f.Build == 2 && f.Version == second.Id)
    && fires.Any(f => f.Job == "month-end" && f.Build == 1 && f.Version == first.Id);
Console.WriteLine(asPromised
    ? "As promised: the cron jobs moved to build 2 at their next fire, the month-end run kept build 1 to its end, and build 1 was collected."
    : "Not as promised: see the lines above.");
Directory.Delete(modules, recursive: true);
return asPromised ? 0 : 1;
