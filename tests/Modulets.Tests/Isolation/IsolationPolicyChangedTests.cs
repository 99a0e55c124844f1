namespace Modulets.Tests.Isolation;

public class IsolationPolicyChangedTests
{
    [Fact]
    public void Changed_IsRaisedOncePerRealEdit_WithTheListAndThePattern()
    {
        var policy = new IsolationPolicy();
        var seen = new List<(IsolationList, string, bool)>();
        policy.Changed += (_, e) => seen.Add((e.List, e.Pattern, e.Added));

        policy.Share("Jobs.Contracts").Share("jobs.contracts").Isolate("Jobs.*").StopSharing("Jobs.Contracts").StopSharing("Jobs.Contracts").StopIsolating("Other");

        seen.Should().Equal(
            (IsolationList.Shared, "Jobs.Contracts", true),
            (IsolationList.Isolated, "Jobs.*", true),
            (IsolationList.Shared, "Jobs.Contracts", false));
    }

    [Fact]
    public void Changed_IsRaisedAfterTheEditTookEffect()
    {
        var policy = new IsolationPolicy();
        bool? isolatedWhenHeard = null;
        policy.Changed += (sender, _) => isolatedWhenHeard = ((IsolationPolicy)sender!).IsIsolated("Jobs.Contracts");

        policy.Share("Jobs.Contracts");

        isolatedWhenHeard.Should().BeFalse();
    }

    [Fact]
    public void AHandlerThatThrows_KeepsNeitherTheEditNorTheOtherHandlersFromHappening_AndIsReportedAfterThem()
    {
        var policy = new IsolationPolicy();
        var heardAfter = false;
        policy.Changed += (_, _) => throw new InvalidOperationException("handler failed");
        policy.Changed += (_, _) => heardAfter = true;

        var edit = () => policy.Share("Jobs.Contracts");

        edit.Should().Throw<AggregateException>().WithMessage("*took effect*")
            .Which.InnerExceptions.Should().ContainSingle().Which.Message.Should().Be("handler failed");
        heardAfter.Should().BeTrue();
        policy.IsIsolated("Jobs.Contracts").Should().BeFalse();
    }
}
