namespace Modulets.Tests.Isolation;

public class IsolationPolicyTests
{
    [Theory]
    [InlineData("Modulets", false)]
    [InlineData("Microsoft.Extensions.Logging.Abstractions", false)]
    [InlineData("Microsoft.Extensions.DependencyInjection.Abstractions", false)]
    [InlineData("System.Text.Json", false)]
    [InlineData("System.Private.CoreLib", false)]
    [InlineData("netstandard", false)]
    [InlineData("Microsoft.Extensions.Logging", true)]
    [InlineData("Newtonsoft.Json", true)]
    [InlineData("MagicModule", true)]
    public void IsIsolated_DefaultPolicy_SharesFrameworkModuletsAndAbstractions(string assembly, bool isolated)
    {
        new IsolationPolicy().IsIsolated(assembly).Should().Be(isolated);
    }

    [Fact]
    public void Share_WildcardPattern_SharesMatchingNamesWhateverTheirCase()
    {
        var policy = new IsolationPolicy().Share("Jobs.*");

        policy.IsIsolated("Jobs.Contracts").Should().BeFalse();
        policy.IsIsolated("jobs.contracts").Should().BeFalse();
        policy.IsIsolated("JobsContracts").Should().BeTrue();
        policy.Shared.Should().Contain("Jobs.*");
    }

    [Fact]
    public void Isolate_WhiteListHasEntries_OnlyMatchingNamesAreIsolated()
    {
        var policy = new IsolationPolicy().Isolate("Jobs.*");

        policy.IsIsolated("Jobs.Billing").Should().BeTrue();
        policy.IsIsolated("Newtonsoft.Json").Should().BeFalse();
    }

    [Fact]
    public void Share_AndIsolateTheSameName_BlackListWins()
    {
        var policy = new IsolationPolicy().Isolate("Jobs.*").Share("Jobs.Contracts");

        policy.IsIsolated("Jobs.Contracts").Should().BeFalse();
        policy.IsIsolated("Jobs.Billing").Should().BeTrue();
    }

    [Fact]
    public void StopSharing_DefaultEntry_IsolatesItAgain()
    {
        var policy = new IsolationPolicy();

        policy.StopSharing("microsoft.extensions.*.abstractions");

        policy.IsIsolated("Microsoft.Extensions.Logging.Abstractions").Should().BeTrue();
        policy.Shared.Should().Equal("Modulets");
    }

    [Fact]
    public void StopIsolating_LastEntry_IsolatesEverythingAgain()
    {
        var policy = new IsolationPolicy().Isolate("Jobs.*");

        policy.StopIsolating("Jobs.*");

        policy.Isolated.Should().BeEmpty();
        policy.IsIsolated("Anything").Should().BeTrue();
    }

    [Fact]
    public void Share_SamePatternTwice_ListsItOnce()
    {
        var policy = new IsolationPolicy().Share("Jobs.Contracts").Share("JOBS.CONTRACTS");

        policy.Shared.Count(pattern => pattern.Equals("Jobs.Contracts", StringComparison.OrdinalIgnoreCase)).Should().Be(1);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("Jobs.Contracts, Version=1.0.0.0")]
    [InlineData("Jobs?")]
    [InlineData("Jobs/Contracts")]
    public void Share_InvalidPattern_ThrowsArgumentException(string pattern)
    {
        var act = () => new IsolationPolicy().Share(pattern);

        act.Should().Throw<ArgumentException>().WithParameterName("pattern");
    }
}
