namespace Modulets.Tests.Supervision;

public class RestartIntensityTests
{
    private static readonly DateTimeOffset s_start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AllowsRestart_UpToMaxRestartsWithinThePeriod_ThenRefuses()
    {
        var strategy = RestartStrategy.OneForOne(maxRestarts: 2, within: TimeSpan.FromMinutes(1));
        var restarts = new Queue<DateTimeOffset>();

        strategy.AllowsRestart(restarts, s_start).Should().BeTrue();
        strategy.AllowsRestart(restarts, s_start.AddSeconds(10)).Should().BeTrue();
        strategy.AllowsRestart(restarts, s_start.AddSeconds(20)).Should().BeFalse();
    }

    [Fact]
    public void AllowsRestart_OnceTheOldestRestartLeavesThePeriod_AllowsAgain()
    {
        var strategy = RestartStrategy.OneForOne(maxRestarts: 2, within: TimeSpan.FromMinutes(1));
        var restarts = new Queue<DateTimeOffset>();
        strategy.AllowsRestart(restarts, s_start);
        strategy.AllowsRestart(restarts, s_start.AddSeconds(30));

        strategy.AllowsRestart(restarts, s_start.AddSeconds(59)).Should().BeFalse();
        strategy.AllowsRestart(restarts, s_start.AddSeconds(60)).Should().BeTrue("a restart exactly one period old no longer counts");
        restarts.Should().Equal(s_start.AddSeconds(30), s_start.AddSeconds(60));
    }

    [Fact]
    public void AllowsRestart_Never_RefusesTheFirstFailure()
    {
        RestartStrategy.Never.AllowsRestart(new Queue<DateTimeOffset>(), s_start).Should().BeFalse();
    }
}
