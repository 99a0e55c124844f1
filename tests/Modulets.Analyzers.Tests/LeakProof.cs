namespace Modulets.Analyzers.Tests;

/// <summary>
/// A rule's proof that it matters: <see cref="Flagged"/> is what the rule reports, <see cref="Fixed"/> what its
/// documentation says to write instead. Module proofs are the source of <c>Proof.Job : IProofJob</c>; host proofs
/// are the source of <c>ProofHost.Host.Start(ModuletManager)</c>, which starts a job on a plain module.
/// </summary>
public sealed record LeakProof(string Id, string Role, string Flagged, string Fixed)
{
    public override string ToString() => Id;
}
