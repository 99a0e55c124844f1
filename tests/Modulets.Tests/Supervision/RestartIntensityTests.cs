namespace Modulets.Tests.Supervision;

public class RestartIntensityTests
{
    private static readonly DateTimeOffset s_start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AllowsRestart_UpToMaxRestartsWithinThePeriod_ThenRefuses()
    {
        var intensity = new RestartIntensity(maxRestarts: 2, within: TimeSpan.FromMinutes(1));
        var restarts = new Queue<DateTimeOffset>();

        intensity.AllowsRestart(restarts, s_start).Should().BeTrue();
        intensity.AllowsRestart(restarts, s_start.AddSeconds(10)).Should().BeTrue();
        intensity.AllowsRestart(restarts, s_start.AddSeconds(20)).Should().BeFalse();
    }

    [Fact]
    public void AllowsRestart_OnceTheOldestRestartLeavesThePeriod_AllowsAgain()
    {
        var intensity = new RestartIntensity(maxRestarts: 2, within: TimeSpan.FromMinutes(1));
        var restarts = new Queue<DateTimeOffset>();
        intensity.AllowsRestart(restarts, s_start);
        intensity.AllowsRestart(restarts, s_start.AddSeconds(30));

        intensity.AllowsRestart(restarts, s_start.AddSeconds(59)).Should().BeFalse();
        intensity.AllowsRestart(restarts, s_start.AddSeconds(60)).Should().BeTrue("a restart exactly one period old no longer counts");
        restarts.Should().Equal(s_start.AddSeconds(30), s_start.AddSeconds(60));
    }

    [Fact]
    public void AllowsRestart_NoRestartsAllowed_RefusesTheFirstFailure()
    {
        new RestartIntensity(0, TimeSpan.FromSeconds(5)).AllowsRestart(new Queue<DateTimeOffset>(), s_start).Should().BeFalse();
    }

    [Fact]
    public void Constructor_InvalidLimits_Throw()
    {
        var negative = () => new RestartIntensity(-1, TimeSpan.FromMinutes(1));
        var noPeriod = () => new RestartIntensity(3, TimeSpan.Zero);

        negative.Should().Throw<ArgumentOutOfRangeException>();
        noPeriod.Should().Throw<ArgumentOutOfRangeException>();
    }
}
