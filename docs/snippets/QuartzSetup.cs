using Jobs.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Modulets.NuGet;
using Quartz;

namespace Modulets.Docs.Snippets;

public static class QuartzSetup
{
    public static void Configure(HostApplicationBuilder builder, string feedUrl, string connectionString)
    {
        #region quartz-scheduler
        // Each node: a manager (following the feed) and a clustered scheduler firing contract jobs on it
        builder.Services.AddModulets(o => o.UseNuGetFeed(feedUrl, "Jobs.Reports"));
        builder.Services.AddQuartz(quartz => quartz
            .UseModulets()
            .UsePersistentStore(store => store.UsePostgres(connectionString).UseClustering().ProvisionSchema())
            .ScheduleJob<INightlyReport>(
                trigger => trigger.WithIdentity("nightly").WithSchedule(CronScheduleBuilder.Create("0 0 2 * * ?")),
                job => job.WithIdentity("nightly").RequestRecovery()));
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        #endregion
    }
}

#region quartz-module
// In the module: the implementation, registered by the version's start-up
public sealed class NightlyReport : INightlyReport
{
    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => default;
}

public sealed class ReportsStartup : IModuletStartup
{
    public void ConfigureServices(IServiceCollection services) => services.AddTransient<INightlyReport, NightlyReport>();
}
#endregion
