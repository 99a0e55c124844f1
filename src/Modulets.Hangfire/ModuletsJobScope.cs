using global::Hangfire;
using global::Hangfire.Logging;
using global::Hangfire.Server;
using global::Hangfire.States;

namespace Modulets.Hangfire;

/// <summary>
/// One performance of a Hangfire job on Modulets code. Created on the worker's thread right before Hangfire invokes the
/// job's method, and disposed right after it returned: in between, the worker runs inside a <see cref="ModuletJob"/>
/// on the version that was current when performance started. Hangfire's shutdown (or abort) token cancels the job; a
/// purge of its version requeues the Hangfire job, so it reruns on current code.
/// </summary>
/// <remarks>
/// A performance that throws ends its <see cref="ModuletJob"/> faulted (logged as event 9 and counted in
/// <c>modulets.jobs.failed</c>, like any job). Hangfire disposes the scope while the job's exception unwinds, and tells
/// no activator scope about it: what it does tell, on the worker's thread, is the <see cref="JobPerformanceException"/>
/// it wraps every job failure in, thrown inside the scope. That throw, seen as a first-chance exception on the thread
/// of a scope that is open, is the failure.
/// </remarks>
internal sealed class ModuletsJobScope : JobActivatorScope
{
    [ThreadStatic]
    private static ModuletsJobScope? s_performing;

    // Hangfire's own logging: it goes wherever the application sends Hangfire's log (the ILoggerFactory, with Hangfire.NetCore).
    private static readonly ILog s_log = LogProvider.GetLogger(typeof(ModuletsJobScope));

    private readonly ModuletManager _manager;
    private readonly ModuletsHangfireOptions _options;
    private readonly ModuletJobScope _job;
    private readonly CancellationTokenRegistration _onPurge;
    private readonly string _jobId;
    private readonly JobStorage _storage;
    private readonly CancellationToken _shutdown;

    /// <exception cref="NewerCodeRequiredException">The job's enqueuer ran newer code than this server serves.</exception>
    public ModuletsJobScope(ModuletManager manager, ModuletsHangfireOptions options, VersionGate gate, PerformContext context)
    {
        _manager = manager;
        _options = options;
        var shutdown = context.CancellationToken.ShutdownToken;
        _job = Enter(manager, gate, context, shutdown);
        var version = _job.Job.Version;
        (_jobId, _storage, _shutdown) = (context.BackgroundJob.Id, context.Storage, shutdown);
        try
        {
            VersionParameterFilter.Instance.Record(context, version);
        }
        catch
        {
            _job.Dispose(); // never leave the worker's thread inside the job
            throw;
        }

        _onPurge = _job.Job.Cancellation.UnsafeRegister(
            static state =>
            {
                var (version, storage, jobId, queue, shutdown) = ((ModuleVersion, JobStorage, string, string, CancellationToken))state!;
                if (version.PurgedAt is not null && !shutdown.IsCancellationRequested)
                {
                    ThreadPool.UnsafeQueueUserWorkItem(_ => Requeue(storage, jobId, queue, version), null);
                }
            },
            (version, context.Storage, context.BackgroundJob.Id, context.BackgroundJob.Job.Queue ?? EnqueuedState.DefaultQueue, shutdown));
        s_performing = this;
    }

    /// <summary>Enters the job on a version not older than its enqueuer's: one the gate pins it to, or the manager's choice.</summary>
    private static ModuletJobScope Enter(ModuletManager manager, VersionGate gate, PerformContext context, CancellationToken shutdown)
    {
        var enqueuer = context.GetJobParameter<EnqueuerVersion>(ModuletsJobParameters.EnqueuedBy);
        for (var attempt = 1; ; attempt++)
        {
            var options = new JobOptions
            {
                Name = $"hangfire {context.BackgroundJob.Id}",
                Tags = new Dictionary<string, string> { ["hangfire.job"] = context.BackgroundJob.Id, ["hangfire.server"] = context.ServerId ?? string.Empty },
                Version = gate.Choose(enqueuer),
            };
            try
            {
                return manager.EnterJob(options, shutdown);
            }
            catch (InvalidOperationException) when (options.Version is not null && attempt < 3)
            {
                // The pinned candidate was promoted or rolled back meanwhile: choose again.
            }
        }
    }

    static ModuletsJobScope() => AppDomain.CurrentDomain.FirstChanceException += static (_, e) =>
    {
        if (s_performing is { } scope && e.Exception is JobPerformanceException failed)
        {
            scope._job.Fail(failed.InnerException ?? failed);
        }
    };

    public override object Resolve(Type type) =>
        _job.Job.Services.GetService(type) ?? throw new ContractNotImplementedException(type, _job.Job.Version, _manager.Name, _options.MissingImplementationDelay);

    public override void DisposeScope()
    {
        s_performing = null;
        _onPurge.Dispose();
        if (_shutdown.IsCancellationRequested)
        {
            // Stopped by a shutdown or an abort: no state of this process follows to carry the parameter.
            VersionParameterFilter.Instance.Forget(_storage, _jobId);
        }

        _job.Dispose();
    }

    /// <summary>Moves the job back to its queue; the performance still running on the purged version sees the change as an abort. A storage that fails leaves the job to Hangfire (its abort or its retry): the host goes on.</summary>
    private static void Requeue(JobStorage storage, string jobId, string queue, ModuleVersion version)
    {
        try
        {
            new BackgroundJobClient(storage).ChangeState(
                jobId,
                new EnqueuedState(queue) { Reason = $"Modulets version {version.ShortId} was purged: the job runs again on current code" },
                ProcessingState.StateName);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            s_log.WarnException($"Modulets.Hangfire could not requeue job {jobId} after version {version.ShortId} was purged; Hangfire's abort or retry handles it.", e);
        }
    }
}
