using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.Loader;
using Microsoft.Extensions.DependencyInjection;

namespace Modulets;

/// <summary>
/// A top-level job: a body and the children it spawns, all pinned to the one <see cref="ModuleVersion"/> the job
/// started on, for the job's whole life. It supervises its children as an OTP supervisor would.
/// </summary>
/// <remarks>
/// <para>
/// The job's code runs on the thread pool with <see cref="Current"/> set to the job and contextual reflection entered
/// for its version, so <c>Type.GetType("X, Module")</c> in the job's flow resolves in the job's version. Both flow
/// through awaits and <see cref="Task.Run(Func{Task})"/>, and neither touches the thread that started the job.
/// </para>
/// <para>
/// The job ends when its body and every child it spawned have ended; only then is its lease on the version released.
/// If a part fails (and its <see cref="RestartStrategy"/> does not restart it), the job's <see cref="Cancellation"/>
/// fires so its other parts stop, and <see cref="Completion"/> faults with every failure. <see cref="Dispose"/>
/// cancels a running job; it does not wait for it.
/// </para>
/// </remarks>
public sealed class ModuletJob : IDisposable
{
    private static readonly AsyncLocal<ModuletJob?> s_current = new();

    private readonly ModuletManager _manager;
    private CancellationTokenSource? _cancellation;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ConcurrentQueue<Exception>? _failures;
    private Delegate? _body;
    private CancellationTokenRegistration _callerRegistration;
    private IServiceScope? _scope;
    private Activity? _activity;
    private int _runningParts = 1;
    private int _canceledParts;

    internal ModuletJob(ModuletManager manager, ModuleVersion version, long id)
    {
        _manager = manager;
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

    /// <summary>Gets the token that fires when the job is disposed or purged, its manager shuts down, the caller's token fires, or one of its parts fails.</summary>
    public CancellationToken Cancellation => CancellationSource.Token;

    /// <summary>
    /// Gets the job's services: a scope of its version's service provider (built by the module's
    /// <see cref="IModuletStartup"/>, with the host's logging and shared services), created on first use and disposed
    /// when the job ends.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The job has ended.</exception>
    public IServiceProvider Services
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsCompleted, this);
            var scope = Volatile.Read(ref _scope);
            if (scope is null)
            {
                var created = Version.Loaded.Services.CreateScope();
                scope = Interlocked.CompareExchange(ref _scope, created, null) ?? created;
                if (!ReferenceEquals(scope, created))
                {
                    created.Dispose();
                }
            }

            return scope.ServiceProvider;
        }
    }

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

    /// <summary>
    /// Creates an instance of a type of the job's version and returns it as a contract type the host knows. Constructor
    /// parameters not given in <paramref name="args"/> are resolved from <see cref="Services"/>.
    /// </summary>
    /// <typeparam name="T">A type from a shared assembly (a contract), such as an interface the module type implements.</typeparam>
    /// <param name="typeName">The full or assembly-qualified name of the module type.</param>
    /// <param name="args">Constructor arguments; the others come from the job's services.</param>
    /// <returns>The new instance.</returns>
    /// <exception cref="TypeLoadException">No such type; the message names the version and the assemblies searched.</exception>
    /// <exception cref="InvalidCastException">The type is not a <typeparamref name="T"/>; when the contract assembly is isolated by mistake, the message says which one to share.</exception>
    /// <exception cref="ModuletException">The constructor or the type's static constructor threw, or a constructor parameter cannot be resolved.</exception>
    public T CreateInstance<T>(string typeName, params object?[] args)
    {
        ArgumentException.ThrowIfNullOrEmpty(typeName);
        ArgumentNullException.ThrowIfNull(args);
        var loaded = Version.Loaded;
        var type = ModuleTypeActivator.GetType(loaded, typeName);
        return ModuleTypeActivator.Cast<T>(loaded, type, ModuleTypeActivator.CreateInstance(loaded, Services, type, args));
    }

    /// <summary>Starts a child of this job on the thread pool, on the same version, with <see cref="Current"/> set to this job. If it fails, the job fails.</summary>
    /// <param name="child">The child's work; it receives <see cref="Cancellation"/>.</param>
    /// <returns>The child's task. The job does not end before the child has.</returns>
    /// <exception cref="InvalidOperationException">The job has already ended.</exception>
    public Task Spawn(Func<CancellationToken, Task> child) => Spawn(child, RestartStrategy.Never);

    /// <summary>Starts a supervised child: when it fails, <paramref name="restart"/> decides whether it starts again (on the same version) or fails the job.</summary>
    /// <param name="child">The child's work; it receives <see cref="Cancellation"/>. It is called again for each restart.</param>
    /// <param name="restart">When to restart the child, such as <see cref="RestartStrategy.OneForOne"/>.</param>
    /// <returns>The child's task, which completes when the child ends without being restarted. The job does not end before it.</returns>
    /// <exception cref="InvalidOperationException">The job has already ended.</exception>
    public Task Spawn(Func<CancellationToken, Task> child, RestartStrategy restart)
    {
        ArgumentNullException.ThrowIfNull(child);
        ArgumentNullException.ThrowIfNull(restart);
        if (!TryBeginPart())
        {
            throw new InvalidOperationException($"Job {Id} has ended; a child can only be spawned while the job's body or another child still runs.");
        }

        var task = Task.Run(() => RunPartAsync(child, restart, rethrow: true), CancellationToken.None);

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

    /// <summary>Queues the body (a <c>Func&lt;ModuletJob, Task&gt;</c> or <c>Func&lt;ModuletJob, CancellationToken, Task&gt;</c>) on the thread pool, with the caller's execution context.</summary>
    internal void Start(Delegate body, CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            _callerRegistration = cancellationToken.UnsafeRegister(static job => ((ModuletJob)job!).Cancel(), this);
        }

        _body = body;
        ThreadPool.QueueUserWorkItem(static job => _ = job.RunPartAsync(null, RestartStrategy.Never, rethrow: false), this, preferLocal: false);
    }

    /// <summary>Gets the job's cancellation source, created on first use: most jobs are never cancelled, and thousands may run at once.</summary>
    private CancellationTokenSource CancellationSource
    {
        get
        {
            var source = Volatile.Read(ref _cancellation);
            if (source is null)
            {
                var created = new CancellationTokenSource();
                source = Interlocked.CompareExchange(ref _cancellation, created, null) ?? created;
            }

            return source;
        }
    }

    private bool IsCancellationRequested => Volatile.Read(ref _cancellation)?.IsCancellationRequested ?? false;

    internal void Cancel()
    {
        try
        {
            CancellationSource.Cancel();
        }
        catch (AggregateException e)
        {
            Log.CancellationCallbackFailed(_manager.Logger, e, Id, Version.ShortId);
        }
    }

    /// <summary>Runs the body (when <paramref name="part"/> is null) or a child in the job's flow, and ends the part.</summary>
    private async Task RunPartAsync(Func<CancellationToken, Task>? part, RestartStrategy restart, bool rethrow)
    {
        // No local of this method may hold the load context across an await: the state machine is the task the
        // caller keeps. The contextual-reflection scope is entered and left through the AsyncLocal alone.
        _ = Version.Loaded.Context.EnterContextualReflection();
        s_current.Value = this;
        ExceptionDispatchInfo? outcome = null;
        var suspended = false;
        try
        {
            if (part is null)
            {
                // Started in the job's flow, so the span is current for the job's code and never for the caller's.
                _activity = ModuletsTelemetry.Jobs.StartActivity("modulets.job")
                    ?.SetTag(ModuletsTelemetry.JobIdTag, Id)
                    .SetTag(ModuletsTelemetry.VersionIdTag, Version.Id);
            }

            if (IsCancellationRequested)
            {
                throw new OperationCanceledException(Cancellation);
            }

            var running = restart.MaxRestarts > 0 ? RunSupervisedAsync(part!, restart) : part is null ? InvokeBody() : part(Cancellation);
            suspended = !running.IsCompleted;
            await running.ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (IsCancellationRequested)
        {
            Interlocked.Increment(ref _canceledParts);
            outcome = ExceptionDispatchInfo.Capture(e);
        }
        catch (Exception e)
        {
            LazyInitializer.EnsureInitialized(ref _failures).Enqueue(e);
            Cancel();
            outcome = ExceptionDispatchInfo.Capture(e);
        }

        // Leave the job's flow before the part ends: ending may unload the version and resume host code, and nothing
        // of the job's flow (it holds the load context) may be left by then. A part that suspended also left frames
        // that are still unwinding on its thread, and this method's state holds the flow it captured there: yield once,
        // from a flow without the job, so both are gone.
        s_current.Value = null;
        _ = AssemblyLoadContext.EnterContextualReflection(null);
        if (suspended)
        {
            await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        }

        EndPart();
        if (rethrow)
        {
            outcome?.Throw();
        }
    }

    /// <summary>Runs a supervised child, restarting it after each failure its strategy allows.</summary>
    private async Task RunSupervisedAsync(Func<CancellationToken, Task> part, RestartStrategy restart)
    {
        var restarts = new Queue<DateTimeOffset>();
        while (true)
        {
            try
            {
                await part(Cancellation).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (!(e is OperationCanceledException && IsCancellationRequested))
            {
                if (!restart.AllowsRestart(restarts, _manager.TimeProvider.GetUtcNow()))
                {
                    throw;
                }

                Log.ChildRestarted(_manager.Logger, e, Id, Version.ShortId, restarts.Count, restart.ToString());
            }
        }
    }

    /// <summary>Calls the body once, and lets go of it: the job must not hold the caller's delegate for its whole life.</summary>
    private Task InvokeBody() => Interlocked.Exchange(ref _body, null) switch
    {
        Func<ModuletJob, Task> body => body(this),
        Func<ModuletJob, CancellationToken, Task> body => body(this, Cancellation),
        _ => Task.CompletedTask,
    };

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
        ServiceDisposal.Dispose(Interlocked.Exchange(ref _scope, null), _manager.Logger, Version.ShortId);
        Exception[] failures = _failures is { } queue ? [.. queue.Distinct()] : [];
        _activity?.SetStatus(failures.Length > 0 ? ActivityStatusCode.Error : ActivityStatusCode.Ok, failures.FirstOrDefault()?.Message).Dispose();
        try
        {
            _manager.OnJobEnded(this, failures.FirstOrDefault());
        }
        finally
        {
            Complete(failures);
        }
    }

    private void Complete(Exception[] failures)
    {
        if (failures.Length > 0)
        {
            _completion.TrySetException(failures);
        }
        else if (Volatile.Read(ref _canceledParts) > 0)
        {
            _completion.TrySetCanceled(Cancellation);
        }
        else
        {
            _completion.TrySetResult();
        }
    }
}
