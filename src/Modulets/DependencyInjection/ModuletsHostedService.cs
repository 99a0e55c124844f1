using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Modulets;

/// <summary>
/// Ties the registered managers to the host: each loads its first version when the host starts (waiting, up to its
/// <see cref="ModuletOptions.FirstVersionTimeout"/>, for a source that is still getting it), and drains its jobs when
/// the host stops, within the host's shutdown timeout.
/// </summary>
internal sealed class ModuletsHostedService(ModuletManagerRegistry registry, ILogger<ModuletManager> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(registry.Managers.Select(manager => StartAsync(manager, cancellationToken)));

    public Task StopAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(registry.Managers.Select(manager => manager.StopAsync(cancellationToken)));

    private async Task StartAsync(ModuletManager manager, CancellationToken cancellationToken)
    {
        manager.LoadFirstVersion();
        if (!manager.IsWaitingForFirstVersion)
        {
            return;
        }

        try
        {
            // Until a version is current, or the source's answer is a problem (logged, and no reason to wait longer).
            await manager.FirstReadSettled.WaitAsync(manager.FirstVersionTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Log.FirstVersionLate(logger, manager.Source.Location, manager.FirstVersionTimeout);
        }
    }
}
