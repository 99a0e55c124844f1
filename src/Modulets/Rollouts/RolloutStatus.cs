namespace Modulets;

/// <summary>A canary rollout as it stood at one moment: its two versions, its step, the failure rates it is judged by, and why it stands where it does.</summary>
/// <remarks>Rates are measured from the moment the candidate arrived, for both versions; a stable version that has ended no job since then is measured over its whole life.</remarks>
public sealed class RolloutStatus
{
    internal RolloutStatus(ModuleVersion candidate, ModuleVersion stable, RolloutState state, int step, int[] steps, RolloutCounts counts, DateTimeOffset startedAt, DateTimeOffset stepStartedAt, DateTimeOffset? endedAt, string reason)
    {
        Candidate = candidate;
        Stable = stable;
        State = state;
        Step = step;
        StepCount = steps.Length;
        Percent = state switch
        {
            RolloutState.InProgress => steps[step - 1],
            RolloutState.Promoted => 100,
            _ => 0,
        };
        CandidateJobsEnded = counts.CandidateEnded;
        CandidateJobsFaulted = counts.CandidateFaulted;
        StableJobsEnded = counts.StableEnded;
        StableJobsFaulted = counts.StableFaulted;
        StartedAt = startedAt;
        StepStartedAt = stepStartedAt;
        EndedAt = endedAt;
        Reason = reason;
    }

    /// <summary>Gets the new version being rolled out.</summary>
    public ModuleVersion Candidate { get; }

    /// <summary>Gets the version it is judged against, current while the rollout is in progress.</summary>
    public ModuleVersion Stable { get; }

    /// <summary>Gets where the rollout stands.</summary>
    public RolloutState State { get; }

    /// <summary>Gets the step the candidate is at (1 to <see cref="StepCount"/>), or the last one it reached.</summary>
    public int Step { get; }

    /// <summary>Gets how many steps the rollout has (<see cref="CanaryOptions.Steps"/>).</summary>
    public int StepCount { get; }

    /// <summary>Gets the share of new jobs, in percent, the candidate takes now: its step's while in progress, 100 once promoted, 0 once rolled back or superseded.</summary>
    public int Percent { get; }

    /// <summary>Gets how many of the candidate's jobs have ended.</summary>
    public long CandidateJobsEnded { get; }

    /// <summary>Gets how many of the candidate's jobs ended faulted.</summary>
    public long CandidateJobsFaulted { get; }

    /// <summary>Gets how many of the stable version's jobs ended since the candidate arrived (or ever, while none has).</summary>
    public long StableJobsEnded { get; }

    /// <summary>Gets how many of those ended faulted.</summary>
    public long StableJobsFaulted { get; }

    /// <summary>Gets the candidate's failure rate: <see cref="CandidateJobsFaulted"/> over <see cref="CandidateJobsEnded"/>, 0 while none has ended.</summary>
    public double CandidateFailureRate => Rate(CandidateJobsFaulted, CandidateJobsEnded);

    /// <summary>Gets the stable version's failure rate over the same time: <see cref="StableJobsFaulted"/> over <see cref="StableJobsEnded"/>, 0 while none has ended.</summary>
    public double StableFailureRate => Rate(StableJobsFaulted, StableJobsEnded);

    /// <summary>Gets when the candidate arrived.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>Gets when the candidate entered its <see cref="Step"/>.</summary>
    public DateTimeOffset StepStartedAt { get; }

    /// <summary>Gets when the rollout ended, or <see langword="null"/> while it is in progress.</summary>
    public DateTimeOffset? EndedAt { get; }

    /// <summary>Gets why the rollout stands where it does, in words: what the step waits for, or why it ended.</summary>
    public string Reason { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Candidate.ShortId} over {Stable.ShortId}: {State}, step {Step}/{StepCount} at {Percent}% ({Reason})";

    private static double Rate(long faulted, long ended) => ended == 0 ? 0 : (double)faulted / ended;
}
