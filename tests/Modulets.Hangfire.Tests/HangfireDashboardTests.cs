using Hangfire;
using Hangfire.InMemory;
using Hangfire.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Modulets.Hangfire.Tests;

/// <summary>Hangfire's own dashboard, served by ASP.NET Core: its Modulets page and the versions on a job's page.</summary>
/// <remarks>Alone, never beside other tests: <c>AddHangfire</c> sets Hangfire's process-wide log provider to its host's logger factory while the host lives.</remarks>
[Collection(Alone)]
public sealed class HangfireDashboardTests
{
    public const string Alone = "Hangfire's process-wide log provider";

    [Fact]
    public async Task TheModuletsPage_ShowsTheManagersVersionsAndEachServersVersions_AndAJobsPageShowsItsVersions()
    {
        using var folder = ModulesFolder.With(TestModules.ReportJobs(build: 1));
        using var manager = new TestManager(folder.Path);
        var storage = new InMemoryStorage();
        using var server = new BackgroundJobServer(new BackgroundJobServerOptions { ServerName = "dashboard-test", WorkerCount = 1 }.UseModulets(manager.Manager), storage);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddHangfire(configuration => configuration.UseStorage(storage).UseModulets(manager.Manager));
        var app = builder.Build();
        try
        {
            app.UseHangfireDashboard("/hangfire", new DashboardOptions(), storage);
            await app.StartAsync();
            await ShowsModulets(app, storage, manager);
        }
        finally
        {
            // AddHangfire made this host's logger factory Hangfire's (process-wide) log provider: give it back before the factory goes.
            LogProvider.SetCurrentLogProvider(null);
            await app.DisposeAsync();
        }
    }

    private static async Task ShowsModulets(WebApplication app, InMemoryStorage storage, TestManager manager)
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()) };
        var version = manager.Manager.CurrentVersion;

        var jobId = new BackgroundJobClient(storage).EnqueueContract<IReportJob>(nameof(IReportJob.RunAsync), $"dashboard-{Guid.NewGuid():N}", CancellationToken.None);
        await Eventually.TrueAsync(() => storage.GetConnection().GetStateData(jobId)?.Name == "Succeeded", "the job to succeed");
        var page = await http.GetStringAsync("/hangfire/modulets");
        var jobPage = await http.GetStringAsync($"/hangfire/jobs/details/{jobId}");
        var home = await http.GetStringAsync("/hangfire");

        page.Should().Contain("<h1 class=\"page-header\">Modulets</h1>").And.Contain($"data-version-id=\"{version.Id}\"");
        page.Should().MatchRegex($"data-server=\"dashboard-test:[^\"]*\"><td>[^<]*</td><td><code title=\"{version.Id}\">{version.ShortId}</code> \\(1\\)", "the server's row names the version its job ran on");
        jobPage.Should().Contain($"<code class=\"modulets-ran-on\">{version.Id}</code>").And.Contain($"<code class=\"modulets-enqueued-by\">{version.Id}</code>");
        home.Should().Contain("/hangfire/modulets", "the navigation menu links the page");
    }
}
