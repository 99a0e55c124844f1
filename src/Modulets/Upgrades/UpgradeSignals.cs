using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Modulets;

/// <summary>
/// The <see cref="UpgradeContext{TState}.UpgradeAvailable"/> tokens of the upgradable jobs running now, by version:
/// fired when their version is retired (a newer one is current) for jobs whose <see cref="UpgradePolicy"/> says so, and
/// for every job of a version when an operator asks (<see cref="ModuletManager.RequestUpgrade"/>).
/// </summary>
internal sealed class UpgradeSignals(TimeProvider timeProvider, TimeSpan gracePeriod, ILogger logger)
{
    private readonly ConcurrentDictionary<ModuleVersion, ConcurrentDictionary<Signal, byte>> _byVersion = new();

    /// <summary>Registers a generation's signal; it fires at once when its version is already retired and the policy says so.</summary>
    public IDisposable Register(ModuleVersion version, CancellationTokenSource source, UpgradePolicy policy, string jobLabel)
    {
        var signal = new Signal(source, policy, jobLabel);
        _byVersion.GetOrAdd(version, _ => new ConcurrentDictionary<Signal, byte>())[signal] = 0;
        if (version.State != ModuleVersionState.Current && policy != UpgradePolicy.Never)
        {
            Fire(version, signal);
        }

        return new Registration(this, version, signal);
    }

    /// <summary>Fires the signals of a version's jobs: all of them when an operator asks, else those whose policy lets retirement tell them. Returns how many were told.</summary>
    public int Fire(ModuleVersion version, bool operatorAsked)
    {
        if (!_byVersion.TryGetValue(version, out var signals))
        {
            return 0;
        }

        return signals.Keys.Count(signal => (operatorAsked || signal.Policy != UpgradePolicy.Never) && Fire(version, signal));
    }

    private bool Fire(ModuleVersion version, Signal signal)
    {
        try
        {
            signal.Source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return false; // the generation ended meanwhile
        }
        catch (AggregateException e)
        {
            // A callback of the job's code on UpgradeAvailable threw: the job was told all the same.
            Log.EventHandlerFailed(logger, e, $"{nameof(UpgradeContext<object>.UpgradeAvailable)} callback of job {signal.JobLabel}");
        }

        if (signal.Policy == UpgradePolicy.Request && signal.Grace is null)
        {
            // Without the caller's flow (a request, another job's): the timer lives for the whole grace period.
            signal.Grace = BackgroundWork.CreateTimer(
                timeProvider,
                () =>
                {
                    if (_byVersion.TryGetValue(version, out var still) && still.ContainsKey(signal))
                    {
                        Log.UpgradeNotTaken(logger, signal.JobLabel, version.ShortId, gracePeriod);
                    }
                },
                gracePeriod,
                Timeout.InfiniteTimeSpan);
        }

        return true;
    }

    private void Remove(ModuleVersion version, Signal signal)
    {
        signal.Grace?.Dispose();
        if (_byVersion.TryGetValue(version, out var signals) && signals.TryRemove(signal, out _) && signals.IsEmpty)
        {
            _byVersion.TryRemove(new KeyValuePair<ModuleVersion, ConcurrentDictionary<Signal, byte>>(version, signals));
        }
    }

    private sealed class Signal(CancellationTokenSource source, UpgradePolicy policy, string jobLabel)
    {
        public CancellationTokenSource Source { get; } = source;

        public UpgradePolicy Policy { get; } = policy;

        public string JobLabel { get; } = jobLabel;

        public ITimer? Grace { get; set; }
    }

    private sealed class Registration(UpgradeSignals owner, ModuleVersion version, Signal signal) : IDisposable
    {
        public void Dispose() => owner.Remove(version, signal);
    }
}
