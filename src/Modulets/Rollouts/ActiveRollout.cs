namespace Modulets;

/// <summary>One canary rollout in progress: its two versions, its step, and where its counts started.</summary>
internal sealed class ActiveRollout(ModuleVersion candidate, ModuleVersion stable, DateTimeOffset startedAt)
{
    public ModuleVersion Candidate { get; } = candidate;

    public ModuleVersion Stable { get; } = stable;

    public DateTimeOffset StartedAt { get; } = startedAt;

    /// <summary>The stable version's ended and faulted jobs when the candidate arrived: its rate is measured from there.</summary>
    public (long Ended, long Faulted) StableAtStart { get; } = (stable.JobsEnded, stable.JobsFaulted);

    /// <summary>Gets the step (1-based) the candidate is at.</summary>
    public int Step { get; private set; }

    /// <summary>Gets the share of new jobs, in percent, the candidate takes; read on every job's start.</summary>
    public int Percent => Volatile.Read(ref _percent);

    public DateTimeOffset StepStartedAt { get; private set; }

    /// <summary>The candidate's ended jobs when its step began: a step is held for a number of jobs of its own.</summary>
    public long CandidateEndedAtStepStart { get; private set; }

    /// <summary>Set once a promotion or a rollback has been decided, so it is decided once.</summary>
    public bool Decided { get; set; }

    public ITimer? StepTimer { get; set; }

    private int _percent;

    public void EnterStep(int step, int percent, DateTimeOffset now)
    {
        Step = step;
        StepStartedAt = now;
        CandidateEndedAtStepStart = Candidate.JobsEnded;
        Volatile.Write(ref _percent, percent);
    }

    /// <summary>Counts the candidate's jobs, and the stable version's since the candidate arrived (or over its whole life while none has ended since).</summary>
    public RolloutCounts Counts()
    {
        var stableEnded = Stable.JobsEnded - StableAtStart.Ended;
        return stableEnded > 0
            ? new(Candidate.JobsEnded, Candidate.JobsFaulted, stableEnded, Stable.JobsFaulted - StableAtStart.Faulted)
            : new(Candidate.JobsEnded, Candidate.JobsFaulted, Stable.JobsEnded, Stable.JobsFaulted);
    }

    /// <summary>Decides a new job's side: by the value of the split tag when the job has one (the same value, the same side, on every server), at random otherwise.</summary>
    public bool TakesJob(JobOptions? options, string? splitTag)
    {
        var bucket = splitTag is not null && options is not null && options.Tags.TryGetValue(splitTag, out var key)
            ? (int)(StableHash(key) % 100)
            : Random.Shared.Next(100);
        return bucket < Percent;
    }

    /// <summary>FNV-1a over the key's characters: the same on every server and run, unlike <see cref="string.GetHashCode()"/>.</summary>
    private static uint StableHash(string key)
    {
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
