using Microsoft.Extensions.Logging;

namespace Modulets;

/// <summary>What a <see cref="ModuleSource"/> gets from its manager: a way to report changes, logging, a clock, and a token for shutdown.</summary>
public sealed class ModuleSourceContext
{
    private readonly Action _changed;

    internal ModuleSourceContext(string modulesPath, Action changed, ILoggerFactory loggerFactory, TimeProvider timeProvider, CancellationToken stopping)
    {
        ModulesPath = modulesPath;
        _changed = changed;
        LoggerFactory = loggerFactory;
        TimeProvider = timeProvider;
        Stopping = stopping;
    }

    /// <summary>Gets the full path of <see cref="ModuletOptions.ModulesPath"/>: where a remote source keeps what it downloads.</summary>
    public string ModulesPath { get; }

    /// <summary>Gets the runtime identifiers whose <c>runtimes/&lt;rid&gt;/</c> assets this process can use, most specific first (<c>linux-x64</c>, <c>linux</c>, <c>unix</c>, <c>any</c>).</summary>
    public IReadOnlyList<string> RuntimeIdentifiers { get; } = RuntimeIdentifierChain.Current;

    /// <summary>Gets the manager's logger factory.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>Gets the manager's clock (<see cref="ModuletOptions.TimeProvider"/>).</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Gets a token that fires when the manager shuts down.</summary>
    public CancellationToken Stopping { get; }

    /// <summary>Reports that the content may have changed. The manager waits for <see cref="ModuletOptions.QuietPeriod"/> without further reports, then reads it. Safe to call from any thread, as often as needed.</summary>
    public void NotifyChanged() => _changed();

    /// <summary>Runs a source's background work (a polling loop, say) on the thread pool, outside the caller's execution context.</summary>
    /// <param name="work">The work; it receives <see cref="Stopping"/> and should end when it fires.</param>
    /// <returns>The work's task.</returns>
    /// <remarks>A source may be started from a job's flow, which holds the job's version: a loop that captured it would keep that version alive.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="work"/> is <see langword="null"/>.</exception>
    public Task RunInBackground(Func<CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var stopping = Stopping;
        return BackgroundWork.Run(() => work(stopping));
    }
}
