using Microsoft.Extensions.Logging;

namespace Modulets;

/// <summary>
/// Runs the canary rollouts of one manager (<see cref="ModuletOptions.Canary"/>): each new version starts as a candidate
/// that takes its step's share of new jobs, climbs the steps while its failure rate stays within the tolerance of the
/// stable version's, and is promoted after the last step or rolled back as soon as it fails. A rolled-back content is
/// never a candidate again on this manager.
/// </summary>
/// <remarks>
/// The loader calls <see cref="Begin"/> and <see cref="Supersede"/> under its own lock, and this class calls the
/// loader's promotion (which takes that lock) only while holding none of its own: the lock order is loader, then this.
/// Promotions and rollbacks run on a dispatcher of their own, never on the thread of the job whose end decided them.
/// </remarks>
internal sealed class CanaryRollouts(CanaryOptions options, VersionRetirement retirement, VersionEvents events, TimeProvider timeProvider, ILogger logger)
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _rolledBack = new(StringComparer.Ordinal);
    private readonly int[] _steps = [.. options.EffectiveSteps];
    private readonly SerialDispatcher _decisions = new(e => Log.EventHandlerFailed(logger, e, "a canary rollout's decision"));
    private volatile ActiveRollout? _active;
    private RolloutStatus? _last;

    /// <summary>Makes the candidate current, under the loader's lock, if it still is the candidate (set by the loader).</summary>
    public Func<ModuleVersion, string, bool>? Promotion { get; set; }

    /// <summary>Gets the rollout in progress, or the last one to end, or <see langword="null"/> before the first.</summary>
    public RolloutStatus? Status
    {
        get
        {
            lock (_gate)
            {
                return _active is { } active ? Status_NeedsLock(active, RolloutState.InProgress, endedAt: null) : _last;
            }
        }
    }

    /// <summary>Gets the candidate in progress, or <see langword="null"/>.</summary>
    public ModuleVersion? Candidate => _active?.Candidate;

    /// <summary>Picks a new job's version: the candidate for its step's share of jobs, the stable version for the rest.</summary>
    public ModuleVersion Pick(ModuleVersion stable, JobOptions? jobOptions) =>
        _active is { } active && active.Stable == stable && active.TakesJob(jobOptions, options.SplitTag) ? active.Candidate : stable;

    public bool WasRolledBack(string contentId)
    {
        lock (_gate)
        {
            return _rolledBack.Contains(contentId);
        }
    }

    /// <summary>Makes a new version the candidate against the current one, superseding the candidate before it; called under the loader's lock.</summary>
    public void Begin(ModuleVersion candidate, ModuleVersion stable)
    {
        lock (_gate)
        {
            if (_active is { } superseded)
            {
                End_NeedsLock(superseded, RolloutState.Superseded, $"newer content, {candidate.ShortId}, is the candidate now", candidate);
            }

            var now = timeProvider.GetUtcNow();
            var active = _active = new ActiveRollout(candidate, stable, now);
            EnterStep_NeedsLock(active, 1, now);
        }
    }

    /// <summary>Ends the rollout in progress because the stable version's content is the newest again; called under the loader's lock.</summary>
    public void Supersede(string reason)
    {
        lock (_gate)
        {
            if (_active is { } active)
            {
                End_NeedsLock(active, RolloutState.Superseded, reason);
            }
        }
    }

    /// <summary>Called as each job ends: a candidate's job may decide its rollout.</summary>
    public void OnJobEnded(ModuleVersion version)
    {
        if (_active is { } active && active.Candidate == version)
        {
            Judge(active);
        }
    }

    /// <summary>Promotes the candidate now, whatever its step and rates (an operator's decision).</summary>
    /// <returns>The rollout as it ended, or <see langword="null"/> when none was in progress.</returns>
    public RolloutStatus? Promote(string reason)
    {
        if (_active is not { } active)
        {
            return null;
        }

        lock (_gate)
        {
            active.Decided = true;
        }

        return CompletePromotion(active, reason) ? _last : null;
    }

    /// <summary>Rolls the candidate back now (an operator's decision).</summary>
    /// <returns>The rollout as it ended, or <see langword="null"/> when none was in progress.</returns>
    public RolloutStatus? Abort(string reason)
    {
        lock (_gate)
        {
            if (_active is not { } active)
            {
                return null;
            }

            End_NeedsLock(active, RolloutState.RolledBack, reason);
            return _last;
        }
    }

    /// <summary>Called by the loader, under its lock, before it makes the candidate current: ends the rollout as promoted, if it still is the candidate.</summary>
    public bool TryMarkPromoted(ModuleVersion candidate, string reason)
    {
        lock (_gate)
        {
            if (_active is not { } active || active.Candidate != candidate || !candidate.Lifecycle.TryPromote())
            {
                return false;
            }

            Finish_NeedsLock(active, RolloutState.Promoted, reason);
            return true;
        }
    }

    /// <summary>Retires the candidate when the manager is disposed.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            if (_active is { } active)
            {
                End_NeedsLock(active, RolloutState.Superseded, "the manager was disposed");
            }
        }
    }

    /// <summary>Decides whether the candidate fails (rolled back), moves to its next step, or is promoted after its last.</summary>
    /// <remarks>Most job ends change nothing: they are told apart without the lock (a racy first look), and only a likely decision is made, and checked again, under it.</remarks>
    private void Judge(ActiveRollout active)
    {
        var first = active.Counts();
        if (active.Decided || !(Fails(first) || StepHeld(active, first)))
        {
            return;
        }

        lock (_gate)
        {
            if (_active != active || active.Decided)
            {
                return;
            }

            var counts = active.Counts();
            if (Fails(counts))
            {
                End_NeedsLock(active, RolloutState.RolledBack, $"its failure rate, {Percent(counts.CandidateRate)} of {counts.CandidateEnded} jobs, exceeds the stable version's, {Percent(counts.StableRate)} of {counts.StableEnded}, by more than {Percent(options.FailureRateTolerance)}");
                return;
            }

            if (!StepHeld(active, counts))
            {
                return;
            }

            if (active.Step < _steps.Length)
            {
                EnterStep_NeedsLock(active, active.Step + 1, timeProvider.GetUtcNow());
                return;
            }

            active.Decided = true;
            var reason = $"its failure rate, {Percent(counts.CandidateRate)} of {counts.CandidateEnded} jobs, stayed within {Percent(options.FailureRateTolerance)} of the stable version's, {Percent(counts.StableRate)} of {counts.StableEnded}, through {_steps.Length} steps";
            _decisions.Post(() => CompletePromotion(active, reason));
        }
    }

    /// <summary>Whether enough of the candidate's jobs have ended to judge it, and it fails more often than the stable version by more than the tolerance.</summary>
    private bool Fails(RolloutCounts counts) =>
        counts.CandidateEnded >= options.MinJobsPerStep && counts.CandidateRate > counts.StableRate + options.FailureRateTolerance;

    /// <summary>Whether the step has lasted its minimum number of the candidate's ended jobs and its minimum time.</summary>
    private bool StepHeld(ActiveRollout active, RolloutCounts counts) =>
        counts.CandidateEnded - active.CandidateEndedAtStepStart >= options.MinJobsPerStep && timeProvider.GetUtcNow() - active.StepStartedAt >= options.MinStepDuration;

    private bool CompletePromotion(ActiveRollout active, string reason) => Promotion?.Invoke(active.Candidate, reason) == true;

    private void EnterStep_NeedsLock(ActiveRollout active, int step, DateTimeOffset now)
    {
        active.StepTimer?.Dispose();
        active.EnterStep(step, _steps[step - 1], now);
        var status = Status_NeedsLock(active, RolloutState.InProgress, endedAt: null);
        if (step == 1)
        {
            Log.CandidateStarted(logger, active.Candidate.ShortId, active.Stable.ShortId, status.Percent, _steps.Length);
        }
        else
        {
            Log.CandidateStepped(logger, active.Candidate.ShortId, step, _steps.Length, status.Percent, status.CandidateFailureRate, status.CandidateJobsEnded, status.StableFailureRate, status.StableJobsEnded);
        }

        // Jobs that all ended before the step's minimum time are judged again when it has passed.
        active.StepTimer = BackgroundWork.CreateTimer(timeProvider, () => Judge(active), options.MinStepDuration, Timeout.InfiniteTimeSpan);
        events.OnRolloutChanged(status);
    }

    /// <summary>Ends the rollout with the candidate retired: rolled back (and remembered) or superseded.</summary>
    private void End_NeedsLock(ActiveRollout active, RolloutState state, string reason, ModuleVersion? replacement = null)
    {
        if (state == RolloutState.RolledBack)
        {
            _rolledBack.Add(active.Candidate.Id);
        }

        Finish_NeedsLock(active, state, reason);
        retirement.Retire(active.Candidate, replacement ?? active.Stable);
    }

    private void Finish_NeedsLock(ActiveRollout active, RolloutState state, string reason)
    {
        active.Decided = true;
        active.StepTimer?.Dispose();
        _active = null;
        var status = _last = Status_NeedsLock(active, state, timeProvider.GetUtcNow(), reason);
        switch (state)
        {
            case RolloutState.Promoted:
                Log.CandidatePromoted(logger, active.Candidate.ShortId, active.Stable.ShortId, reason);
                break;
            case RolloutState.RolledBack:
                Log.CandidateRolledBack(logger, active.Candidate.ShortId, reason, active.Stable.ShortId);
                break;
            default:
                Log.CandidateSuperseded(logger, active.Candidate.ShortId, reason);
                break;
        }

        events.OnRolloutChanged(status);
    }

    private RolloutStatus Status_NeedsLock(ActiveRollout active, RolloutState state, DateTimeOffset? endedAt, string? reason = null) =>
        new(active.Candidate, active.Stable, state, active.Step, _steps, active.Counts(), active.StartedAt, active.StepStartedAt, endedAt, reason ?? Waiting(active));

    private string Waiting(ActiveRollout active)
    {
        var ended = active.Candidate.JobsEnded - active.CandidateEndedAtStepStart;
        var held = timeProvider.GetUtcNow() - active.StepStartedAt;
        return $"step {active.Step} of {_steps.Length} at {active.Percent}% of new jobs: {Math.Min(ended, options.MinJobsPerStep)} of {options.MinJobsPerStep} jobs ended, held {Clamp(held)} of {options.MinStepDuration}";
    }

    private static string Percent(double rate) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{rate * 100:0.#}%");

    private TimeSpan Clamp(TimeSpan held) => TimeSpan.FromSeconds(Math.Floor(Math.Min(held.TotalSeconds, options.MinStepDuration.TotalSeconds)));
}
