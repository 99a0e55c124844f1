namespace Modulets.Analyzers.Tests;

/// <summary>Each rule matters: the code it flags, run as a real module (or host), leaves the version Leaked; the fix leaves it Collected.</summary>
public sealed class LeakProofTests
{
    [Theory]
    [MemberData(nameof(LeakProofs.All), MemberType = typeof(LeakProofs))]
    public async Task TheRuleFlagsTheLeakingCode_AndNotItsFix(LeakProof proof)
    {
        (await AnalyzerRun.DiagnosticIdsAsync(proof.Flagged, proof.Role)).Should().Contain(proof.Id);
        (await AnalyzerRun.DiagnosticIdsAsync(proof.Fixed, proof.Role)).Should().NotContain(proof.Id);
    }

    [Theory]
    [MemberData(nameof(LeakProofs.All), MemberType = typeof(LeakProofs))]
    public async Task TheFlaggedCode_IsLeaked_AndTheFixedCode_IsCollected(LeakProof proof)
    {
        (await LeakProofRunner.RunAsync(proof.Role, proof.Flagged)).Should().Be(ModuleVersionState.Leaked);
        (await LeakProofRunner.RunAsync(proof.Role, proof.Fixed)).Should().Be(ModuleVersionState.Collected);
    }
}
