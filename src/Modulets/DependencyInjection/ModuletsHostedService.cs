using Microsoft.Extensions.Hosting;

namespace Modulets;

/// <summary>Ties the manager to the host: it loads its first version when the host starts, and drains its jobs when the host stops, within the host's shutdown timeout.</summary>
internal sealed class ModuletsHostedService(ModuletManager manager) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        manager.LoadFirstVersion();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => manager.StopAsync(cancellationToken);
}
