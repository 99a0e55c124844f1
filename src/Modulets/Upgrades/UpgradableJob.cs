using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace Modulets;

/// <summary>
/// A logical job that can move onto newer code with its state: a chain of generations, each a <see cref="ModuletJob"/>
/// on its own version, under one name, one set of tags and one <see cref="Completion"/>.
/// </summary>
/// <typeparam name="TState">The state that crosses versions.</typeparam>
public sealed class UpgradableJob<TState>
{
    private readonly ModuletManager _manager;
    private readonly UpgradeSignals _signals;
    private readonly ILogger _logger;
    private readonly string? _typeName;
    private readonly JobOptions _options;
    private readonly CancellationToken _cancellation;
    private readonly UpgradePolicy _policy;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private readonly List<ModuleVersion> _versions = [];
    private ModuletJob _current = null!;

    internal UpgradableJob(ModuletManager manager, UpgradeSignals signals, ILogger logger, string? typeName, JobOptions? options, UpgradePolicy defaultPolicy, CancellationToken cancellationToken)
    {
        (_manager, _signals, _logger, _typeName, _cancellation) = (manager, signals, logger, typeName, cancellationToken);
        _options = options ?? new JobOptions();
        _policy = _options.Upgrade ?? defaultPolicy;
    }

    /// <summary>Gets when the job is told that newer code is current: <see cref="JobOptions.Upgrade"/>, else <see cref="ModuletOptions.UpgradePolicy"/>.</summary>
    public UpgradePolicy Policy => _policy;

    /// <summary>Gets the job's name, the same in every generation.</summary>
    public string? Name => _options.Name;

    /// <summary>Gets the job's tags, the same in every generation.</summary>
    public IReadOnlyDictionary<string, string> Tags => _options.Tags;

    /// <summary>Gets the generation running now (or the last one, once the job has ended).</summary>
    public ModuletJob Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>Gets the versions the job ran on, oldest first: one per generation.</summary>
    public IReadOnlyList<ModuleVersion> Versions
    {
        get
        {
            lock (_gate)
            {
                return [.. _versions];
            }
        }
    }

    /// <summary>Gets a task that completes when the last generation ends, as it ends (faulted, cancelled or done).</summary>
    public Task Completion => _completion.Task;

    /// <summary>Gets an awaiter for <see cref="Completion"/>.</summary>
    /// <returns>The awaiter.</returns>
    public TaskAwaiter GetAwaiter() => _completion.Task.GetAwaiter();

    internal void Start(TState state) => StartGeneration(state, 1, null, null, null);

    internal async Task<bool> HandOffAsync(UpgradeContext<TState> from, TState state)
    {
        var refusal = _manager.CurrentVersion == from.Job.Version ? $"version {from.Job.Version.ShortId} is still the newest" : null;
        var carried = default(TState)!;
        if (refusal is null && !TryCarry(state, out carried, out var problem))
        {
            refusal = problem;
        }

        if (refusal is null)
        {
            // The successor waits for a task that ends with the predecessor but holds nothing of it: not its failures
            // (from the old version's code) and not this flow (the old version's). Both continuations below are
            // registered without the flow, since they live as long as the successor.
            var predecessorEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            from.Job.Completion.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() => predecessorEnded.TrySetResult());
            var ready = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
            try
            {
                var successor = StartGeneration(carried, from.Generation + 1, from.Job.Version, predecessorEnded.Task, ready);

                // A successor cancelled before its body ran (the job's token, the manager stopping) never reports.
                successor.Completion.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() =>
                    ready.TrySetResult(successor.Completion.Exception?.InnerException ?? new OperationCanceledException("The successor ended before it started.")));
                if (await ready.Task.ConfigureAwait(false) is not { } failure)
                {
                    Log.JobHandedOff(_logger, from.Job.Label, from.Job.Version.ShortId, successor.Version.ShortId, from.Generation + 1);
                    return true;
                }

                refusal = $"version {successor.Version.ShortId} cannot run it ({failure.Message})";
            }
            catch (Exception e) when (e is ModuleLoadException or InvalidOperationException)
            {
                refusal = $"no successor can start ({e.Message})";
            }
        }

        Log.HandOffRefused(_logger, from.Job.Label, refusal, from.Job.Version.ShortId);
        return false;
    }

    /// <summary>
    /// Copies the state through System.Text.Json as <typeparamref name="TState"/>: what reaches the successor is built
    /// from the contract's own types, so nothing of the old version (a module class, or a collection the compiler made
    /// in the module for a collection expression) crosses with it and keeps the old version alive.
    /// </summary>
    private static bool TryCarry(TState state, out TState carried, out string? problem)
    {
        try
        {
            carried = System.Text.Json.JsonSerializer.Deserialize<TState>(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(state))!;
            problem = null;
            return true;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException or InvalidOperationException)
        {
            carried = default!;
            problem = $"its state cannot cross versions as {typeof(TState).Name} in JSON ({e.Message})";
            return false;
        }
    }

    private ModuletJob StartGeneration(TState state, int generation, ModuleVersion? previous, Task? predecessor, TaskCompletionSource<Exception?>? ready)
    {
        var job = _manager.StartJob(
            async (job, _) =>
            {
                IUpgradableJob<TState> code;
                try
                {
                    // Named, or the version's one class implementing the contract, found in each generation's version.
                    code = _typeName is null ? job.CreateImplementation<IUpgradableJob<TState>>() : job.CreateInstance<IUpgradableJob<TState>>(_typeName);
                }
                catch (Exception e) when (ready is not null)
                {
                    ready.TrySetResult(e); // the successor never runs; its predecessor goes on
                    return;
                }

                if (predecessor is not null)
                {
                    lock (_gate)
                    {
                        _current = job;
                        _versions.Add(job.Version);
                    }

                    ready!.TrySetResult(null);
                    await predecessor.ConfigureAwait(false);
                }

                using var upgrade = new CancellationTokenSource();
                using var registration = _signals.Register(job.Version, upgrade, _policy, job.Label);
                await code.RunAsync(new UpgradeContext<TState>(this, job, state, generation, previous, upgrade.Token)).ConfigureAwait(false);
            },
            predecessor is null ? _options : new JobOptions { Name = _options.Name, Upgrade = _options.Upgrade, Tags = _options.Tags, OnCurrentVersion = true },
            _cancellation);
        if (predecessor is null)
        {
            lock (_gate)
            {
                _current = job;
                _versions.Add(job.Version);
            }
        }

        // Unsafe: a hand-off starts the successor from its predecessor's flow, which must not stay captured in this
        // continuation (it holds the old version's load context) for as long as the successor runs.
        job.Completion.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() => OnGenerationEnded(job, job.Completion));
        return job;
    }

    /// <summary>The logical job ends with the generation that is current when it ends: one that handed off has a successor.</summary>
    private void OnGenerationEnded(ModuletJob job, Task ended)
    {
        lock (_gate)
        {
            if (_current != job)
            {
                return; // handed off (its successor is current), or a successor that could not start
            }
        }

        if (ended.IsFaulted)
        {
            _completion.TrySetException(ended.Exception!.InnerExceptions);
        }
        else if (ended.IsCanceled)
        {
            _completion.TrySetCanceled();
        }
        else
        {
            _completion.TrySetResult();
        }
    }
}
