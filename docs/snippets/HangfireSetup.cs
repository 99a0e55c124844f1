using Hangfire;
using Hangfire.PostgreSql;
using Jobs.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Modulets.NuGet;

namespace Modulets.Docs.Snippets;

public static class HangfireSetup
{
    public static void Configure(HostApplicationBuilder builder, string feedUrl, string connectionString)
    {
        #region hangfire-server
        // Each server: a manager (following the feed) and Hangfire performing on it
        builder.Services.AddModulets(o => o.UseNuGetFeed(feedUrl, "Jobs.Reports"));
        builder.Services.AddHangfire((services, config) => config
            .UsePostgreSqlStorage(storage => storage.UseNpgsqlConnection(connectionString))
            .UseModulets(services));
        builder.Services.AddHangfireServer();
        // or, one server per manager: AddHangfireServer((services, o) => o.UseModulets(services.GetRequiredKeyedService<ModuletManager>("reports")))
        #endregion
    }

    public static void Enqueue(IBackgroundJobClient client, string reportId)
    {
        #region hangfire-enqueue
        // Anywhere, host or module code: enqueue against the contract, never a module type
        client.EnqueueContract<IReportJob>(nameof(IReportJob.RunAsync), reportId, CancellationToken.None);
        client.Enqueue<IReportJob>(job => job.RunAsync(reportId, CancellationToken.None));   // host code may use expressions
        #endregion
    }
}
