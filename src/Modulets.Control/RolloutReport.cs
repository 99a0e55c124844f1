namespace Modulets.Control;

/// <summary>A canary rollout (<see cref="RolloutStatus"/>) as the control API shows it: its two versions, its step, its rates, and why it stands where it does.</summary>
/// <param name="State">Where the rollout stands.</param>
/// <param name="Candidate">The new version.</param>
/// <param name="Stable">The version it is judged against.</param>
/// <param name="Step">The step the candidate is at, or the last it reached.</param>
/// <param name="StepCount">How many steps the rollout has.</param>
/// <param name="Percent">The share of new jobs, in percent, the candidate takes now.</param>
/// <param name="CandidateJobsEnded">The candidate's ended jobs.</param>
/// <param name="CandidateJobsFaulted">The candidate's faulted jobs.</param>
/// <param name="CandidateFailureRate">Faulted over ended, for the candidate.</param>
/// <param name="StableJobsEnded">The stable version's ended jobs over the same time.</param>
/// <param name="StableJobsFaulted">The stable version's faulted jobs over the same time.</param>
/// <param name="StableFailureRate">Faulted over ended, for the stable version.</param>
/// <param name="StartedAt">When the candidate arrived.</param>
/// <param name="StepStartedAt">When it entered its step.</param>
/// <param name="EndedAt">When the rollout ended, if it has.</param>
/// <param name="Reason">Why the rollout stands where it does, in words.</param>
public sealed record RolloutReport(
    RolloutState State,
    VersionStatus Candidate,
    VersionStatus Stable,
    int Step,
    int StepCount,
    int Percent,
    long CandidateJobsEnded,
    long CandidateJobsFaulted,
    double CandidateFailureRate,
    long StableJobsEnded,
    long StableJobsFaulted,
    double StableFailureRate,
    DateTimeOffset StartedAt,
    DateTimeOffset StepStartedAt,
    DateTimeOffset? EndedAt,
    string Reason)
{
    /// <summary>Reads a rollout.</summary>
    /// <param name="rollout">The rollout.</param>
    /// <returns>Its report.</returns>
    public static RolloutReport From(RolloutStatus rollout)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        return new(
            rollout.State,
            VersionStatus.From(rollout.Candidate),
            VersionStatus.From(rollout.Stable),
            rollout.Step,
            rollout.StepCount,
            rollout.Percent,
            rollout.CandidateJobsEnded,
            rollout.CandidateJobsFaulted,
            rollout.CandidateFailureRate,
            rollout.StableJobsEnded,
            rollout.StableJobsFaulted,
            rollout.StableFailureRate,
            rollout.StartedAt,
            rollout.StepStartedAt,
            rollout.EndedAt,
            rollout.Reason);
    }
}
