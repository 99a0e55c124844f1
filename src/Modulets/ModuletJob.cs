using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Modulets;

/// <summary>
/// A top-level job: a body and the children it spawns, all pinned to the one <see cref="ModuleVersion"/> the job
/// started on, for the job's whole life.
/// </summary>
/// <remarks>
/// <para>
/// The job's code runs on the thread pool with <see cref="Current"/> set to the job and contextual reflection entered
/// for its version, so <c>Type.GetType("X, Module")</c> in the job's flow resolves in the job's version. Both flow
/// through awaits and <see cref="Task.Run(Func{Task})"/>, and neither touches the thread that started the job.
/// </para>
/// <para>
/// The job ends when its body and every child it spawned have ended; only then is its lease on the version released.
/// If a part fails, the job's <see cref="Cancellation"/> fires so its other parts stop, and <see cref="Completion"/>
/// faults with every failure. <see cref="Dispose"/> cancels a running job; it does not wait for it.
/// </para>
/// </remarks>
public sealed class ModuletJob : IDisposable
{
    private static readonly AsyncLocal<ModuletJob?> s_current = new();

    private readonly ModuletManager _manager;
    private readonly CancellationTokenSource _cancellation = new();
    private readonly CancellationToken _token;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<Exception> _failures = new();
    private CancellationTokenRegistration _callerRegistration;
    private int _runningParts = 1;
    private int _canceledParts;

    internal ModuletJob(ModuletManager manager, ModuleVersion version, long id)
    {
        _manager = manager;
        _token = _cancellation.Token;
        Version = version;
        Id = id;
    }

    /// <summary>Gets the job that the calling code runs in, or <see langword="null"/> outside any job. Flows through awaits and child tasks.</summary>
    public static ModuletJob? Current => s_current.Value;

    /// <summary>Gets the job's number, unique within its manager.</summary>
    public long Id { get; }

    /// <summary>Gets the version the job and all its children run on.</summary>
    public ModuleVersion Version { get; }

    /// <summary>Gets a task that completes when the body and every spawned child have ended: faulted with their failures, canceled, or successfully.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Gets whether the job has ended.</summary>
    public bool IsCompleted => _completion.Task.IsCompleted;

    /// <summary>Gets the token that fires when the job is disposed, its manager shuts down, the caller's token fires, or one of its parts fails.</summary>
    public CancellationToken Cancellation => _token;

    /// <summary>Lets <c>await job</c> wait for <see cref="Completion"/>.</summary>
    /// <returns>The awaiter of <see cref="Completion"/>.</returns>
    public TaskAwaiter GetAwaiter() => _completion.Task.GetAwaiter();

    /// <summary>Finds a type of the job's version.</summary>
    /// <param name="typeName">A full type name (<c>MagicModule.Magic</c>), searched in the version's assemblies, or an assembly-qualified one (<c>MagicModule.Magic, MagicModule</c>).</param>
    /// <returns>The type, as loaded by this job's version.</returns>
    /// <exception cref="TypeLoadException">No such type; the message names the version and the assemblies searched.</exception>
    /// <exception cref="InvalidOperationException">The version has been unloaded (the job ended long ago).</exception>
    public Type GetType(string typeName)
    {
        ArgumentException.ThrowIfNullOrEmpty(typeName);
        return ModuleTypeActivator.GetType(Version.Loaded, typeName);
    }

    /// <summary>Creates an instance of a type of the job's version and returns it as a contract type the host knows.</summary>
    /// <typeparam name="T">A type from a shared assembly (a contract), such as an interface the module type implements.</typeparam>
    /// <param name="typeName">The full or assembly-qualified name of the module type.</param>
    /// <param name="args">The constructor's arguments.</param>
    /// <returns>The new instance.</returns>
    /// <exception cref="TypeLoadException">No such type; the message names the version and the assemblies searched.</exception>
    /// <exception cref="InvalidCastException">The type is not a <typeparamref name="T"/>; when the contract assembly is isolated by mistake, the message says which one to share.</exception>
    /// <exception cref="ModuletException">The constructor or the type's static constructor threw, or no constructor takes these arguments.</exception>
    public T CreateInstance<T>(string typeName, params object?[] args)
    {
        ArgumentException.ThrowIfNullOrEmpty(typeName);
        ArgumentNullException.ThrowIfNull(args);
        var loaded = Version.Loaded;
        var type = ModuleTypeActivator.GetType(loaded, typeName);
        return ModuleTypeActivator.Cast<T>(loaded, type, ModuleTypeActivator.CreateInstance(loaded, type, args));
    }

    /// <summary>Starts a child of this job on the thread pool, on the same version, with <see cref="Current"/> set to this job.</summary>
    /// <param name="child">The child's work; it receives <see cref="Cancellation"/>.</param>
    /// <returns>The child's task. The job does not end before the child has.</returns>
    /// <exception cref="InvalidOperationException">The job has already ended.</exception>
    public Task Spawn(Func<CancellationToken, Task> child)
    {
        ArgumentNullException.ThrowIfNull(child);
        if (!TryBeginPart())
        {
            throw new InvalidOperationException($"Job {Id} has ended; a child can only be spawned while the job's body or another child still runs.");
        }

        var task = Task.Run(() => RunPartAsync(child, rethrow: true));

        // The job's Completion reports a failed child; the child's own task need not be awaited to count as observed.
        _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    /// <summary>Starts a child that produces a result; see <see cref="Spawn(Func{CancellationToken, Task})"/>.</summary>
    /// <typeparam name="TResult">The child's result type.</typeparam>
    /// <param name="child">The child's work; it receives <see cref="Cancellation"/>.</param>
    /// <returns>The child's result.</returns>
    /// <exception cref="InvalidOperationException">The job has already ended.</exception>
    public async Task<TResult> Spawn<TResult>(Func<CancellationToken, Task<TResult>> child)
    {
        ArgumentNullException.ThrowIfNull(child);
        TResult result = default!;
        await Spawn(async token => { result = await child(token).ConfigureAwait(false); }).ConfigureAwait(false);
        return result;
    }

    /// <summary>Cancels the job if it still runs. Its lease on the version is released only once its code has stopped.</summary>
    public void Dispose()
    {
        if (!IsCompleted)
        {
            Cancel();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"Job {Id} on version {Version.ShortId}";

    internal void Start(Func<ModuletJob, CancellationToken, Task> body, CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            _callerRegistration = cancellationToken.UnsafeRegister(static job => ((ModuletJob)job!).Cancel(), this);
        }

        _ = Task.Run(() => RunPartAsync(token => body(this, token), rethrow: false), CancellationToken.None);
    }

    internal void Cancel()
    {
        try
        {
            _cancellation.Cancel();
        }
        catch (AggregateException e)
        {
            Log.CancellationCallbackFailed(_manager.Logger, e, Id, Version.ShortId);
        }
    }

    private async Task RunPartAsync(Func<CancellationToken, Task> part, bool rethrow)
    {
        var scope = Version.Loaded.Context.EnterContextualReflection();
        s_current.Value = this;
        try
        {
            _token.ThrowIfCancellationRequested();
            await part(_token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_token.IsCancellationRequested)
        {
            Interlocked.Increment(ref _canceledParts);
            if (rethrow)
            {
                throw;
            }
        }
        catch (Exception e)
        {
            _failures.Enqueue(e);
            Cancel();
            if (rethrow)
            {
                throw;
            }
        }
        finally
        {
            // Leave the job's flow before ending the part: the end may unload the version.
            s_current.Value = null;
            scope.Dispose();
            EndPart();
        }
    }

    private bool TryBeginPart()
    {
        var running = Volatile.Read(ref _runningParts);
        while (running > 0)
        {
            var seen = Interlocked.CompareExchange(ref _runningParts, running + 1, running);
            if (seen == running)
            {
                return true;
            }

            running = seen;
        }

        return false;
    }

    private void EndPart()
    {
        if (Interlocked.Decrement(ref _runningParts) != 0)
        {
            return;
        }

        _callerRegistration.Dispose();
        var failures = _failures.Distinct().ToArray();
        _manager.OnJobEnded(this, failures.FirstOrDefault());
        if (failures.Length > 0)
        {
            _completion.TrySetException(failures);
        }
        else if (Volatile.Read(ref _canceledParts) > 0)
        {
            _completion.TrySetCanceled(_token);
        }
        else
        {
            _completion.TrySetResult();
        }
    }
}
