namespace Modulets;

/// <summary>
/// Makes each new version a <em>candidate</em> instead of current at once: it takes a growing share of new jobs, step by
/// step, while the version it replaces (the <em>stable</em> one) takes the rest; it is promoted after the last step
/// while its failure rate stays within <see cref="FailureRateTolerance"/> of the stable version's, and rolled back as
/// soon as it does not (see <see cref="ModuletOptions.Canary"/>).
/// </summary>
/// <remarks>
/// In Argo Rollouts' terms: <see cref="Steps"/> are the canary's <c>setWeight</c> steps, each followed by a pause of at
/// least <see cref="MinStepDuration"/> and an analysis over at least <see cref="MinJobsPerStep"/> ended jobs. In
/// Temporal's: each job is pinned to the version it started on, and the candidate is ramped by percentage.
/// </remarks>
public sealed class CanaryOptions
{
    /// <summary>Gets or sets the share of new jobs (in percent, 1 to 100, rising) the candidate takes at each step.</summary>
    /// <value>
    /// <see langword="null"/>: 5, 25 and 100. After the last step is held, the candidate becomes current and the stable
    /// version drains. (Null rather than those values, so that steps bound from configuration replace them instead of
    /// being added to them.)
    /// </value>
    public int[]? Steps { get; set; }

    /// <summary>Gets the steps in effect: <see cref="Steps"/>, or 5, 25 and 100.</summary>
    internal int[] EffectiveSteps => Steps ?? [5, 25, 100];

    /// <summary>Gets or sets how many of the candidate's jobs must end during a step before it may move on (and before it can be judged at all).</summary>
    /// <value>20.</value>
    public int MinJobsPerStep { get; set; } = 20;

    /// <summary>Gets or sets how long each step lasts at least.</summary>
    /// <value>One minute.</value>
    public TimeSpan MinStepDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Gets or sets by how much the candidate's failure rate (faulted jobs among ended ones, since it became a candidate)
    /// may exceed the stable version's over the same time before the candidate is rolled back.
    /// </summary>
    /// <value>0.05: five percentage points. Cancelled jobs count as ended, not as faulted.</value>
    public double FailureRateTolerance { get; set; } = 0.05;

    /// <summary>
    /// Gets or sets the job tag (<see cref="JobOptions.Tags"/>) whose value decides a job's side, so that, say, one tenant's
    /// jobs all run on the same version within a step; jobs without it are split at random.
    /// </summary>
    /// <value><see langword="null"/>: every job is split at random. A value's side only moves from stable to candidate as the steps rise.</value>
    public string? SplitTag { get; set; }
}
