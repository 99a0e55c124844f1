using Microsoft.Extensions.Logging;

namespace Modulets;

/// <summary>
/// The jobs a manager runs: it starts each one on the version it leased, and when a job reports its end (body and
/// children), it forgets the job, logs its failure, tells the canary rollout, and releases its lease, unloading a retired version that the lease
/// was the last to hold. Each version keeps the list of its own running jobs.
/// </summary>
internal sealed class JobRegistry(ILogger logger, TimeProvider timeProvider, KeyValuePair<string, object?> sourceTag, VersionCatalog catalog, Action<ModuleVersion> unload, CanaryRollouts? rollouts)
{
    private long _lastJobId;

    public ILogger Logger => logger;

    public TimeProvider TimeProvider => timeProvider;

    public int Count => catalog.Snapshot().Sum(version => version.Jobs.Count);

    /// <summary>Starts a job, made by <paramref name="create"/>, on a version the caller has leased for it.</summary>
    public TJob Start<TJob>(ModuleVersion version, JobOptions? options, Func<JobRegistry, ModuleVersion, long, JobOptions?, TJob> create, Delegate body, CancellationToken cancellationToken)
        where TJob : ModuletJob
    {
        var job = Register(version, options, create);
        job.Start(body, cancellationToken);
        return job;
    }

    /// <summary>Registers a job whose body is the caller's own code, and enters its flow on the calling thread.</summary>
    public ModuletJobScope Enter(ModuleVersion version, JobOptions? options, CancellationToken cancellationToken)
    {
        var job = Register(version, options, static (registry, version, id, options) => new ModuletJob(registry, version, id, options));
        return new ModuletJobScope(job, job.Enter(cancellationToken));
    }

    private TJob Register<TJob>(ModuleVersion version, JobOptions? options, Func<JobRegistry, ModuleVersion, long, JobOptions?, TJob> create)
        where TJob : ModuletJob
    {
        var job = create(this, version, Interlocked.Increment(ref _lastJobId), options);
        version.Jobs.Add(job);
        ModuletsTelemetry.JobsStarted.Add(1, sourceTag, version.TelemetryTag);
        return job;
    }

    /// <summary>Called once by each job, when its last part has ended and its code has stopped.</summary>
    public void OnJobEnded(ModuletJob job, Exception? failure)
    {
        job.Version.Jobs.Remove(job, faulted: failure is not null);
        rollouts?.OnJobEnded(job.Version);
        if (failure is not null)
        {
            ModuletsTelemetry.JobsFailed.Add(1, sourceTag, job.Version.TelemetryTag);
            Log.JobFailed(logger, failure, job.Label, job.Version.ShortId);
        }

        if (job.Version.Lifecycle.ReleaseLease())
        {
            unload(job.Version);
        }
    }

    /// <summary>Gets the jobs still running, oldest first.</summary>
    public IReadOnlyList<ModuletJob> Running() => [.. catalog.Snapshot().SelectMany(version => version.Jobs.Snapshot()).OrderBy(job => job.Id)];
}
