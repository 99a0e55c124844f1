namespace Modulets;

/// <summary>
/// The jobs running on one version, in a list threaded through the jobs themselves: adding or removing a job
/// allocates nothing, and listing a version's jobs (to purge it, or to name them in a leak report) visits only them.
/// </summary>
internal sealed class VersionJobs
{
    private readonly Lock _gate = new();
    private ModuletJob? _newest;
    private int _count;
    private long _started;
    private long _ended;
    private long _faulted;

    /// <summary>Gets the number of jobs running on the version.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Gets the number of jobs ever started on the version.</summary>
    public long Started => Volatile.Read(ref _started);

    /// <summary>Gets the number of jobs that ended on the version.</summary>
    public long Ended => Volatile.Read(ref _ended);

    /// <summary>Gets the number of jobs that ended faulted on the version.</summary>
    public long Faulted => Volatile.Read(ref _faulted);

    public void Add(ModuletJob job)
    {
        lock (_gate)
        {
            job.OlderOnVersion = _newest;
            _newest?.NewerOnVersion = job;
            _newest = job;
            _count++;
            _started++;
        }
    }

    public void Remove(ModuletJob job, bool faulted)
    {
        lock (_gate)
        {
            if (job.NewerOnVersion is { } newer)
            {
                newer.OlderOnVersion = job.OlderOnVersion;
            }
            else
            {
                _newest = job.OlderOnVersion;
            }

            job.OlderOnVersion?.NewerOnVersion = job.NewerOnVersion;
            job.OlderOnVersion = job.NewerOnVersion = null;
            _count--;
            _ended++;
            _faulted += faulted ? 1 : 0;
        }
    }

    /// <summary>Gets the jobs running on the version, oldest first.</summary>
    public IReadOnlyList<ModuletJob> Snapshot()
    {
        lock (_gate)
        {
            var jobs = new ModuletJob[_count];
            var index = jobs.Length;
            for (var job = _newest; job is not null; job = job.OlderOnVersion)
            {
                jobs[--index] = job;
            }

            return jobs;
        }
    }
}
