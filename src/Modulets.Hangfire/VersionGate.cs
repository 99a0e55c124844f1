using global::Hangfire.Logging;

namespace Modulets.Hangfire;

/// <summary>
/// Decides which version a job may run on so that it never runs on code older than its enqueuer's: any serving version
/// (current, or a canary's candidate) not older than the enqueuer; if none is, a fresh look at the source (a feed poll,
/// one at a time for all the jobs that ask), and if still none, the job is deferred (<see cref="NewerCodeRequiredException"/>).
/// Versions are ordered by <see cref="ModuleSource.CompareVersions"/>; without an order (a flat folder) every version may run the job.
/// </summary>
internal sealed class VersionGate(ModuletManager manager, ModuletsHangfireOptions options)
{
    /// <summary>A fresh look that ended this recently stands for the jobs that ask next.</summary>
    private static readonly TimeSpan s_lookedRecently = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan s_lookTimeout = TimeSpan.FromSeconds(30);

    private static readonly ILog s_log = LogProvider.GetLogger(typeof(VersionGate));

    private readonly Lock _gate = new();
    private Task? _look;
    private long? _lookEndedAt;

    /// <summary>Gets the version to pin the job to, or <see langword="null"/> to let the manager choose.</summary>
    /// <exception cref="NewerCodeRequiredException">Every serving version is older than the enqueuer's, even after a fresh look.</exception>
    public ModuleVersion? Choose(EnqueuerVersion? enqueuer)
    {
        if (enqueuer is null)
        {
            return null;
        }

        if (TryChoose(enqueuer, out var pinned))
        {
            return pinned;
        }

        LookAgain();
        return TryChoose(enqueuer, out pinned) ? pinned : throw new NewerCodeRequiredException(enqueuer, manager.CurrentVersion, manager.Name, options.NewerCodeDelay);
    }

    private bool TryChoose(EnqueuerVersion enqueuer, out ModuleVersion? pinned)
    {
        var current = manager.CurrentVersion;
        var candidate = manager.Rollout is { State: RolloutState.InProgress } rollout ? rollout.Candidate : null;
        var currentServes = NotOlder(current, enqueuer);
        var candidateServes = candidate is not null && NotOlder(candidate, enqueuer);
        pinned = (currentServes, candidateServes) switch
        {
            (true, true) => null,
            (true, false) when candidate is null => null,
            (true, false) => current,
            (false, true) => candidate,
            _ => null,
        };
        return currentServes || candidateServes;
    }

    private bool NotOlder(ModuleVersion version, EnqueuerVersion enqueuer) =>
        version.Id == enqueuer.Id || (manager.Source.CompareVersions(version.Labels, enqueuer.Labels) ?? 0) >= 0;

    /// <summary>Asks the source to look for an update now, once for every job that asks at the same time.</summary>
    private void LookAgain()
    {
        Task look;
        lock (_gate)
        {
            if (_look is null && (_lookEndedAt is not { } ended || TimeProvider.System.GetElapsedTime(ended) > s_lookedRecently))
            {
                _look = Task.Run(LookAsync); // never inside this lock, which the look takes when it ends
            }

            look = _look ?? Task.CompletedTask;
        }

        try
        {
            look.Wait(s_lookTimeout);
        }
        catch (AggregateException e)
        {
            s_log.WarnException($"Modulets.Hangfire could not look for a newer version of manager '{manager.Name}'.", e.InnerException ?? e);
        }
    }

    private async Task LookAsync()
    {
        try
        {
            await manager.RefreshAsync().ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _look = null;
                _lookEndedAt = TimeProvider.System.GetTimestamp();
            }
        }
    }
}
