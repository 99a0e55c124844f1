namespace Modulets;

/// <summary>The jobs a rollout judges by: those of the candidate, and those of the stable version over the same time.</summary>
internal readonly record struct RolloutCounts(long CandidateEnded, long CandidateFaulted, long StableEnded, long StableFaulted)
{
    public double CandidateRate => CandidateEnded == 0 ? 0 : (double)CandidateFaulted / CandidateEnded;

    public double StableRate => StableEnded == 0 ? 0 : (double)StableFaulted / StableEnded;
}
