namespace Modulets;

/// <content>Starting jobs: each leases the current version and runs on it for its whole life.</content>
public sealed partial class ModuletManager
{
    // Every shape of body takes the same optional options and token, and a token alone: StartJob(body, token) and
    // StartJob(body, new JobOptions { ... }) both compile for each shape. The body is kept as given, and called by the
    // job as its shape says: no shape costs a wrapper.

    /// <summary>Starts a job on the current version, optionally named and tagged, and cancellable by the caller.</summary>
    /// <param name="body">The job's body. It runs on the thread pool with <see cref="ModuletJob.Current"/> set.</param>
    /// <param name="options">The job's name, tags and upgrade policy, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the job (and its children) when it fires.</param>
    /// <returns>The running job; await it, or its <see cref="ModuletJob.Completion"/>, for the outcome. Disposing it cancels it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is <see langword="null"/>.</exception>
    /// <exception cref="ModuleLoadException">No good version has ever loaded; the message names the folder and the problem.</exception>
    /// <exception cref="InvalidOperationException">The manager is stopping (<see cref="StopAsync"/>), or <see cref="JobOptions.Version"/> is neither current nor the candidate.</exception>
    /// <exception cref="ObjectDisposedException">The manager has been disposed.</exception>
    public ModuletJob StartJob(Func<ModuletJob, Task> body, JobOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        return StartJobCore(body, options, PlainJob, cancellationToken);
    }

    /// <summary>Starts a job on the current version, cancellable by the caller.</summary>
    /// <param name="body">The job's body. It runs on the thread pool with <see cref="ModuletJob.Current"/> set.</param>
    /// <param name="cancellationToken">Cancels the job (and its children) when it fires.</param>
    /// <returns>The running job; await it, or its <see cref="ModuletJob.Completion"/>, for the outcome. Disposing it cancels it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is <see langword="null"/>.</exception>
    /// <exception cref="ModuleLoadException">No good version has ever loaded; the message names the folder and the problem.</exception>
    /// <exception cref="InvalidOperationException">The manager is stopping (<see cref="StopAsync"/>), or <see cref="JobOptions.Version"/> is neither current nor the candidate.</exception>
    /// <exception cref="ObjectDisposedException">The manager has been disposed.</exception>
    public ModuletJob StartJob(Func<ModuletJob, Task> body, CancellationToken cancellationToken) => StartJob(body, options: null, cancellationToken);

    /// <summary>Starts a job on the current version, optionally named and tagged, and cancellable by the caller.</summary>
    /// <param name="body">The job's body; it receives the job and the job's <see cref="ModuletJob.Cancellation"/>.</param>
    /// <param name="options">The job's name, tags and upgrade policy, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the job (and its children) when it fires.</param>
    /// <returns>The running job; await it, or its <see cref="ModuletJob.Completion"/>, for the outcome. Disposing it cancels it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is <see langword="null"/>.</exception>
    /// <exception cref="ModuleLoadException">No good version has ever loaded; the message names the folder and the problem.</exception>
    /// <exception cref="InvalidOperationException">The manager is stopping (<see cref="StopAsync"/>), or <see cref="JobOptions.Version"/> is neither current nor the candidate.</exception>
    /// <exception cref="ObjectDisposedException">The manager has been disposed.</exception>
    public ModuletJob StartJob(Func<ModuletJob, CancellationToken, Task> body, JobOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        return StartJobCore(body, options, PlainJob, cancellationToken);
    }

    /// <summary>Starts a job on the current version, cancellable by the caller.</summary>
    /// <param name="body">The job's body; it receives the job and the job's <see cref="ModuletJob.Cancellation"/>.</param>
    /// <param name="cancellationToken">Cancels the job (and its children) when it fires.</param>
    /// <returns>The running job; await it, or its <see cref="ModuletJob.Completion"/>, for the outcome. Disposing it cancels it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is <see langword="null"/>.</exception>
    /// <exception cref="ModuleLoadException">No good version has ever loaded; the message names the folder and the problem.</exception>
    /// <exception cref="InvalidOperationException">The manager is stopping (<see cref="StopAsync"/>), or <see cref="JobOptions.Version"/> is neither current nor the candidate.</exception>
    /// <exception cref="ObjectDisposedException">The manager has been disposed.</exception>
    public ModuletJob StartJob(Func<ModuletJob, CancellationToken, Task> body, CancellationToken cancellationToken) => StartJob(body, options: null, cancellationToken);

    /// <summary>Starts a job whose body produces a result, optionally named and tagged, and cancellable by the caller; <c>await job</c> gives the result.</summary>
    /// <typeparam name="TResult">The result type: a contract or framework type, never a module type, if it is to outlive the job's version.</typeparam>
    /// <param name="body">The job's body.</param>
    /// <param name="options">The job's name, tags and upgrade policy, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the job (and its children) when it fires.</param>
    /// <returns>The running job. Disposing it cancels it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is <see langword="null"/>.</exception>
    /// <exception cref="ModuleLoadException">No good version has ever loaded; the message names the folder and the problem.</exception>
    /// <exception cref="InvalidOperationException">The manager is stopping (<see cref="StopAsync"/>), or <see cref="JobOptions.Version"/> is neither current nor the candidate.</exception>
    /// <exception cref="ObjectDisposedException">The manager has been disposed.</exception>
    public ModuletJob<TResult> StartJob<TResult>(Func<ModuletJob, Task<TResult>> body, JobOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        return StartJobCore(body, options, JobWithResult<TResult>, cancellationToken);
    }

    /// <summary>Starts a job whose body produces a result, cancellable by the caller; <c>await job</c> gives the result.</summary>
    /// <typeparam name="TResult">The result type: a contract or framework type, never a module type, if it is to outlive the job's version.</typeparam>
    /// <param name="body">The job's body.</param>
    /// <param name="cancellationToken">Cancels the job (and its children) when it fires.</param>
    /// <returns>The running job. Disposing it cancels it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is <see langword="null"/>.</exception>
    /// <exception cref="ModuleLoadException">No good version has ever loaded; the message names the folder and the problem.</exception>
    /// <exception cref="InvalidOperationException">The manager is stopping (<see cref="StopAsync"/>), or <see cref="JobOptions.Version"/> is neither current nor the candidate.</exception>
    /// <exception cref="ObjectDisposedException">The manager has been disposed.</exception>
    public ModuletJob<TResult> StartJob<TResult>(Func<ModuletJob, Task<TResult>> body, CancellationToken cancellationToken) => StartJob(body, options: null, cancellationToken);

    /// <summary>Starts a job whose body produces a result, optionally named and tagged, and cancellable by the caller; <c>await job</c> gives the result.</summary>
    /// <typeparam name="TResult">The result type: a contract or framework type, never a module type, if it is to outlive the job's version.</typeparam>
    /// <param name="body">The job's body; it receives the job and the job's <see cref="ModuletJob.Cancellation"/>.</param>
    /// <param name="options">The job's name, tags and upgrade policy, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the job (and its children) when it fires.</param>
    /// <returns>The running job. Disposing it cancels it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is <see langword="null"/>.</exception>
    /// <exception cref="ModuleLoadException">No good version has ever loaded; the message names the folder and the problem.</exception>
    /// <exception cref="InvalidOperationException">The manager is stopping (<see cref="StopAsync"/>), or <see cref="JobOptions.Version"/> is neither current nor the candidate.</exception>
    /// <exception cref="ObjectDisposedException">The manager has been disposed.</exception>
    public ModuletJob<TResult> StartJob<TResult>(Func<ModuletJob, CancellationToken, Task<TResult>> body, JobOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        return StartJobCore(body, options, JobWithResult<TResult>, cancellationToken);
    }

    /// <summary>Starts a job whose body produces a result, cancellable by the caller; <c>await job</c> gives the result.</summary>
    /// <typeparam name="TResult">The result type: a contract or framework type, never a module type, if it is to outlive the job's version.</typeparam>
    /// <param name="body">The job's body; it receives the job and the job's <see cref="ModuletJob.Cancellation"/>.</param>
    /// <param name="cancellationToken">Cancels the job (and its children) when it fires.</param>
    /// <returns>The running job. Disposing it cancels it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is <see langword="null"/>.</exception>
    /// <exception cref="ModuleLoadException">No good version has ever loaded; the message names the folder and the problem.</exception>
    /// <exception cref="InvalidOperationException">The manager is stopping (<see cref="StopAsync"/>), or <see cref="JobOptions.Version"/> is neither current nor the candidate.</exception>
    /// <exception cref="ObjectDisposedException">The manager has been disposed.</exception>
    /// <remarks>Without it, <c>StartJob((job, ct) => ResultAsync(), token)</c> would bind to the overload without a result, and the result would be lost.</remarks>
    public ModuletJob<TResult> StartJob<TResult>(Func<ModuletJob, CancellationToken, Task<TResult>> body, CancellationToken cancellationToken) =>
        StartJob(body, options: null, cancellationToken);

    /// <summary>
    /// Makes the calling code a job: leases the current version and enters the job's flow on this thread, so that
    /// <see cref="ModuletJob.Current"/>, the job's services and contextual reflection are in effect until the scope is
    /// disposed. For integrations whose engine calls the job's code itself (a Hangfire worker, say); everywhere else,
    /// <see cref="StartJob(Func{ModuletJob, Task}, JobOptions, CancellationToken)"/> is simpler.
    /// </summary>
    /// <param name="options">The job's name and tags.</param>
    /// <param name="cancellationToken">Cancels the job (its <see cref="ModuletJob.Cancellation"/> fires) when it fires.</param>
    /// <returns>The scope: dispose it where it was entered, on the same thread, when the code is done. The job ends then, or when its last child does.</returns>
    /// <exception cref="ModuleLoadException">No good version has loaded.</exception>
    /// <exception cref="InvalidOperationException">The manager is stopping, or <see cref="JobOptions.Version"/> is neither current nor the candidate.</exception>
    public ModuletJobScope EnterJob(JobOptions? options = null, CancellationToken cancellationToken = default)
    {
        ThrowIfStopped();
        var scope = _jobs.Enter(LeaseVersion(options), options, cancellationToken);
        CancelIfStopped(scope.Job);
        return scope;
    }

    private TJob StartJobCore<TJob>(Delegate body, JobOptions? options, Func<JobRegistry, ModuleVersion, long, JobOptions?, TJob> create, CancellationToken cancellationToken)
        where TJob : ModuletJob
    {
        ThrowIfStopped();
        var job = _jobs.Start(LeaseVersion(options), options, create, body, cancellationToken);
        CancelIfStopped(job);
        return job;
    }

    private static ModuletJob PlainJob(JobRegistry registry, ModuleVersion version, long id, JobOptions? options) => new(registry, version, id, options);

    private static ModuletJob<TResult> JobWithResult<TResult>(JobRegistry registry, ModuleVersion version, long id, JobOptions? options) => new(registry, version, id, options);

    /// <summary>Cancels a job that raced with <see cref="StopAsync"/>, which may not have seen it.</summary>
    private void CancelIfStopped(ModuletJob job)
    {
        if (Volatile.Read(ref _stopped) != 0)
        {
            job.Cancel();
        }
    }

    /// <summary>Leases the version a new job starts on: the current one, or, under a canary rollout, the candidate for its share of jobs.</summary>
    private ModuleVersion LeaseVersion(JobOptions? options)
    {
        if (options?.Version is { } pinned)
        {
            return pinned.State is ModuleVersionState.Current or ModuleVersionState.Candidate && _catalog.FindLive(pinned.Id) == pinned && pinned.Lifecycle.TryAcquireLease()
                ? pinned
                : throw new InvalidOperationException($"Version {pinned.ShortId} ({pinned.State}) cannot start a job: a job can be pinned to the current version or a canary rollout's candidate of this manager only.");
        }

        while (true)
        {
            var current = _updates.GetOrLoadFirst();
            var version = _rollouts is null || options?.OnCurrentVersion == true ? current : _rollouts.Pick(current, options);
            if (version.Lifecycle.TryAcquireLease())
            {
                return version;
            }

            // A candidate rolled back and unloaded between the pick and the lease: the current version takes the job.
            if (version != current && current.Lifecycle.TryAcquireLease())
            {
                return current;
            }

            // Retired and unloaded between the read and the lease: its successor is already current.
            ThrowIfStopped();
        }
    }
}
