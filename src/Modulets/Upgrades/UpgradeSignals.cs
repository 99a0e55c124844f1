using System.Collections.Concurrent;

namespace Modulets;

/// <summary>
/// The <see cref="UpgradeContext{TState}.UpgradeAvailable"/> tokens of the upgradable jobs running now, by version:
/// fired when their version is retired (a newer one is current) or when an operator asks (<see cref="ModuletManager.RequestUpgrade"/>).
/// </summary>
internal sealed class UpgradeSignals
{
    private readonly ConcurrentDictionary<ModuleVersion, ConcurrentDictionary<CancellationTokenSource, byte>> _byVersion = new();

    /// <summary>Registers a generation's signal; it fires at once when its version is already retired.</summary>
    public IDisposable Register(ModuleVersion version, CancellationTokenSource signal)
    {
        var signals = _byVersion.GetOrAdd(version, _ => new ConcurrentDictionary<CancellationTokenSource, byte>());
        signals[signal] = 0;
        if (version.State != ModuleVersionState.Current)
        {
            signal.Cancel();
        }

        return new Registration(this, version, signal);
    }

    /// <summary>Fires the signals of the jobs on a version; returns how many there were.</summary>
    public int Fire(ModuleVersion version)
    {
        if (!_byVersion.TryGetValue(version, out var signals))
        {
            return 0;
        }

        var fired = 0;
        foreach (var signal in signals.Keys)
        {
            try
            {
                signal.Cancel();
                fired++;
            }
            catch (ObjectDisposedException)
            {
                // The generation ended meanwhile.
            }
        }

        return fired;
    }

    private void Remove(ModuleVersion version, CancellationTokenSource signal)
    {
        if (_byVersion.TryGetValue(version, out var signals) && signals.TryRemove(signal, out _) && signals.IsEmpty)
        {
            _byVersion.TryRemove(new KeyValuePair<ModuleVersion, ConcurrentDictionary<CancellationTokenSource, byte>>(version, signals));
        }
    }

    private sealed class Registration(UpgradeSignals owner, ModuleVersion version, CancellationTokenSource signal) : IDisposable
    {
        public void Dispose() => owner.Remove(version, signal);
    }
}
