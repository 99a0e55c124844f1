using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Modulets.Diagnostics;

/// <summary>
/// Explains a host's own leaks: when one of its managers declares a version leaked and found no holder from inside
/// the process, it snapshots the process (never two at a time, and no more often than
/// <see cref="LeakExplanationOptions.MinimumInterval"/>; the snapshot checks disk space first and is removed once read),
/// and adds the root paths to the version's leak report, where the log, the control API and the dashboard show it.
/// Nothing is spent while nothing leaks.
/// </summary>
internal sealed class LeakExplanationService(ModuletManagerRegistry registry, IOptions<LeakExplanationOptions> options, ILogger<LeakExplanationService> logger, TimeProvider? timeProvider = null)
    : IHostedService, IDisposable
{
    private readonly TimeProvider _clock = timeProvider ?? TimeProvider.System;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private bool _snapshotting;
    private DateTimeOffset? _lastSnapshot;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var manager in registry.Managers)
        {
            manager.VersionStateChanged += OnVersionStateChanged;
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var manager in registry.Managers)
        {
            manager.VersionStateChanged -= OnVersionStateChanged;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
    }

    public void Dispose() => _stopping.Dispose();

    private void OnVersionStateChanged(object? sender, ModuleVersionStateChangedEventArgs e)
    {
        if (e.State != ModuleVersionState.Leaked || e.Version.LeakCulprits.Count > 0)
        {
            return;
        }

        if (TryBeginSnapshot(out var reason))
        {
            _ = ExplainAsync(e.Version);
        }
        else
        {
            Log.LeakExplanationSkipped(logger, e.Version.ShortId, reason);
        }
    }

    private bool TryBeginSnapshot(out string reason)
    {
        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            if (_snapshotting)
            {
                reason = "another snapshot is being taken";
                return false;
            }

            if (_lastSnapshot is { } last && now - last < options.Value.MinimumInterval)
            {
                reason = $"the last one was taken {now - last:g} ago (at most one every {options.Value.MinimumInterval:g})";
                return false;
            }

            (_snapshotting, _lastSnapshot, reason) = (true, now, string.Empty);
            return true;
        }
    }

    private async Task ExplainAsync(ModuleVersion version)
    {
        try
        {
            var explanation = await version.ExplainLeakAsync(new HeapSnapshotOptions { Directory = options.Value.SnapshotDirectory }, _stopping.Token).ConfigureAwait(false);
            var text = explanation.ToString();
            version.AddLeakExplanation($"Root paths from a heap snapshot of this process: {text}");
            Log.LeakExplained(logger, version.ShortId, explanation.SnapshotBytes, explanation.SnapshotTime, text);
        }
        catch (Exception e) when (e is HeapSnapshotException or OperationCanceledException)
        {
            Log.LeakNotExplained(logger, version.ShortId, e.Message);
        }
        finally
        {
            lock (_gate)
            {
                _snapshotting = false;
            }
        }
    }
}
