using System.Runtime.CompilerServices;
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
/// If a part fails (and its <see cref="RestartIntensity"/> does not restart it), the job's <see cref="Cancellation"/>
/// fires so its other parts stop, and <see cref="Completion"/> faults with every failure. <see cref="Dispose"/>
/// cancels a running job; it does not wait for it.
/// </para>
/// <para>A job whose body returns a result is a <see cref="ModuletJob{TResult}"/>. No other type derives from this one.</para>
/// </remarks>
public partial class ModuletJob : IDisposable, IThreadPoolWorkItem
{
    private readonly JobRegistry _registry;
    private readonly TaskCompletionSource? _completion;
    private readonly JobOptions? _options;
    private readonly long _startedAtTicks;
    private OccasionalJobState? _occasional;

    // The body: the caller's delegate until it runs, then the task it returned, until the job completes.
    private object? _body;

    // The flow the body starts in (the caller's, as the thread pool would flow it) and goes back to before the job ends.
    private ExecutionContext? _outerFlow;
    private int _runningParts = 1;
    private int _runningChildren;

    internal ModuletJob(JobRegistry registry, ModuleVersion version, long id, JobOptions? options)
        : this(registry, version, id, options, new TaskCompletionSource())
    {
    }

    /// <summary>Creates a job; one with a result passes no <paramref name="completion"/>: its result's task is its completion.</summary>
    private protected ModuletJob(JobRegistry registry, ModuleVersion version, long id, JobOptions? options, TaskCompletionSource? completion)
    {
        _completion = completion;
        _registry = registry;
        Version = version;
        Id = id;
        _options = options;
        _startedAtTicks = registry.TimeProvider.GetUtcNow().UtcTicks;
    }

    /// <summary>Gets the job that the calling code runs in, or <see langword="null"/> outside any job. Flows through awaits and child tasks.</summary>
    public static ModuletJob? Current => JobFlow.Current;

    /// <summary>Gets the job's number, unique within its manager.</summary>
    public long Id { get; }

    /// <summary>Gets the job's name (<see cref="JobOptions.Name"/>), or <see langword="null"/>.</summary>
    public string? Name => _options?.Name;

    /// <summary>Gets the job's tags (<see cref="JobOptions.Tags"/>).</summary>
    public IReadOnlyDictionary<string, string> Tags => _options?.Tags ?? JobOptions.NoTags;

    /// <summary>Gets the version the job and all its children run on.</summary>
    public ModuleVersion Version { get; }

    /// <summary>Gets a task that completes when the body and every spawned child have ended: faulted with their failures, canceled, or successfully.</summary>
    public Task Completion => CompletionTask;

    /// <summary>Gets when the job started.</summary>
    public DateTimeOffset StartedAt => new(_startedAtTicks, TimeSpan.Zero);

    /// <summary>Gets the number of children (<see cref="Spawn(Func{CancellationToken, Task})"/>) still running.</summary>
    public int ActiveChildren => Volatile.Read(ref _runningChildren);

    /// <summary>Gets whether the job has ended.</summary>
    public bool IsCompleted => CompletionTask.IsCompleted;

    /// <summary>Gets the token that fires when the job is disposed or purged, its manager shuts down, the caller's token fires, or one of its parts fails.</summary>
    public CancellationToken Cancellation => Occasional.CancellationToken;

    /// <summary>
    /// Gets a token that fires once the job has ended, however it ended (its body and children returned, failed or were
    /// cancelled), before its version's lease is released: register there the clean-up of what the job started that
    /// must not outlive it (an event handler, a timer, a background loop), so that a version whose jobs return normally
    /// can unload too. <see cref="Cancellation"/> fires only when the job is cancelled. Asked for after the end, it is
    /// already cancelled.
    /// </summary>
    public CancellationToken Ended
    {
        get
        {
            var occasional = Occasional;
            var token = occasional.EndToken;
            if (Volatile.Read(ref _runningParts) == 0 && occasional.SignalEnd() is { } failures)
            {
                // Asked for as the job ended, too late for the end to see it: fired here instead.
                Log.EndedCallbackFailed(_registry.Logger, failures, Id, Version.ShortId);
            }

            return token;
        }
    }

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
            var scope = Occasional.GetOrCreateScope(Version.Loaded.Services.CreateScope);
            return scope.ServiceProvider;
        }
    }

    /// <summary>Lets <c>await job</c> wait for <see cref="Completion"/>.</summary>
    /// <returns>The awaiter of <see cref="Completion"/>.</returns>
    public TaskAwaiter GetAwaiter() => CompletionTask.GetAwaiter();

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
        return ModuleTypeActivator.Cast<T>(loaded, type, ModuleTypeActivator.CreateInstance(loaded, this, type, args));
    }

    /// <summary>
    /// Creates an instance of the version's one public class that implements the contract interface
    /// <typeparamref name="T"/> itself (declares it, not through a base class), found once per version from its
    /// metadata, so the host needs no type name; constructor parameters not given in <paramref name="args"/> are
    /// resolved from <see cref="Services"/>.
    /// </summary>
    /// <typeparam name="T">An interface from a shared assembly (a contract), generic ones closed (<c>IUpgradableJob&lt;MyState&gt;</c>).</typeparam>
    /// <param name="args">Constructor arguments; the others come from the job's services.</param>
    /// <returns>The new instance.</returns>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not an interface, or is an open generic one.</exception>
    /// <exception cref="TypeLoadException">No public class of the version implements <typeparamref name="T"/>, or several do; the message names them.</exception>
    /// <exception cref="ModuletException">The constructor threw, or a constructor parameter cannot be resolved.</exception>
    public T CreateImplementation<T>(params object?[] args)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(args);
        var loaded = Version.Loaded;
        var type = ModuleTypeActivator.GetImplementation(loaded, typeof(T));
        return ModuleTypeActivator.Cast<T>(loaded, type, ModuleTypeActivator.CreateInstance(loaded, this, type, args));
    }

    /// <summary>Cancels the job if it still runs. Its lease on the version is released only once its code has stopped.</summary>
    public void Dispose()
    {
        if (!IsCompleted)
        {
            Cancel();
        }

        GC.SuppressFinalize(this);
    }

    /// <inheritdoc />
    public override string ToString() => $"Job {Label} on version {Version.ShortId}";

    /// <summary>Gets the job's id, with its name when it has one: <c>7</c>, or <c>7 (monthly-billing)</c>.</summary>
    internal string Label => Name is null ? Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{Id} ({Name})";

    /// <summary>Gets or sets the job started on the same version before this one, in the version's list of running jobs (<see cref="VersionJobs"/>).</summary>
    internal ModuletJob? OlderOnVersion { get; set; }

    /// <summary>Gets or sets the job started on the same version after this one.</summary>
    internal ModuletJob? NewerOnVersion { get; set; }

    internal TimeProvider TimeProvider => _registry.TimeProvider;

    /// <summary>Gets what the job needs only sometimes, created on first need.</summary>
    private OccasionalJobState Occasional
    {
        get
        {
            var occasional = Volatile.Read(ref _occasional);
            if (occasional is null)
            {
                var created = new OccasionalJobState();
                occasional = Interlocked.CompareExchange(ref _occasional, created, null) ?? created;
            }

            return occasional;
        }
    }

    internal void Cancel()
    {
        if (Occasional.Cancel() is { } callbackFailures)
        {
            Log.CancellationCallbackFailed(_registry.Logger, callbackFailures, Id, Version.ShortId);
        }
    }

    internal void OnChildRestarted(Exception failure, int restarts, string strategy) =>
        Log.ChildRestarted(_registry.Logger, failure, Id, Version.ShortId, restarts, strategy);

    /// <summary>Gets the task behind <see cref="Completion"/>: a job with a result completes with it.</summary>
    private protected virtual Task CompletionTask => _completion!.Task;

    /// <summary>Completes the job, once it has ended.</summary>
    /// <param name="failures">The job's failures: it faults with them.</param>
    /// <param name="canceled">Whether, without failures, a part was cancelled: it is canceled then.</param>
    /// <param name="body">The task the body returned (a job with a result takes its result from it), or <see langword="null"/> when it never ran or threw at once.</param>
    private protected virtual void SetOutcome(Exception[] failures, bool canceled, Task? body)
    {
        var completion = _completion!;
        if (failures.Length > 0)
        {
            // Observed at once: the failure is logged (event 9), so a job nobody awaits raises no unobserved-task event.
            completion.TrySetException(failures);
            _ = completion.Task.Exception;
        }
        else if (canceled)
        {
            completion.TrySetCanceled(Cancellation);
        }
        else
        {
            completion.TrySetResult();
        }
    }
}
