using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Modulets;

/// <summary>
/// Ties the manager to the host: it loads its first version when the host starts (waiting, up to
/// <see cref="ModuletOptions.FirstVersionTimeout"/>, for a source that is still getting it), and drains its jobs when
/// the host stops, within the host's shutdown timeout.
/// </summary>
internal sealed class ModuletsHostedService(ModuletManager manager, IOptions<ModuletOptions> options, ILogger<ModuletManager> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        manager.LoadFirstVersion();
        if (!manager.IsWaitingForFirstVersion)
        {
            return;
        }

        var timeout = options.Value.FirstVersionTimeout;
        try
        {
            // Until a version is current, or the source's answer is a problem (logged, and no reason to wait longer).
            await manager.FirstReadSettled.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Log.FirstVersionLate(logger, manager.Source.Location, timeout);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => manager.StopAsync(cancellationToken);
}
