using Jobs.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace Modulets.Docs.Snippets;

#region module-startup
public sealed class Startup : IModuletStartup
{
    public void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton<IInvoiceRenderer, PdfRenderer>().AddScoped<IBillingJob, MonthlyRun>();
}
#endregion

public sealed class PdfRenderer : IInvoiceRenderer;

public sealed class MonthlyRun : IBillingJob
{
    public Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SendInvoicesAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<int> CountInvoicesAsync(CancellationToken cancellationToken) => Task.FromResult(0);
}
