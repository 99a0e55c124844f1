using Modulets.Control;

namespace Modulets.Cli.Tests;

/// <summary>The timeline as <c>watch</c> draws it: a lane per version, a bar per slice of time as high as its most jobs.</summary>
public sealed class TimelineTextTests
{
    private static readonly DateTimeOffset s_start = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Lane_DrawsTheJobsWithinTheVersionsLife_AndNothingOutsideIt()
    {
        // A 40-second window in 10 columns of 4 s: v1 lives from 0 s and unloads at 24 s, v2 from 16 s on.
        var v1 = Version("v1", ModuleVersionState.Collected, created: 0, unloaded: 24);
        var v2 = Version("v2", ModuleVersionState.Current, created: 16);
        var timeline = new ManagerTimeline("default", s_start.AddSeconds(40), [v1, v2],
        [
            Sample(0),
            Sample(1, ("v1", 8)),
            Sample(17, ("v1", 8), ("v2", 2)),
            Sample(21, ("v2", 4)),
        ]);

        TimelineText.Lane(timeline, v1, 10).Should().Be("██████", "v1 ran 8 jobs (the most, a full bar) until it unloaded");
        TimelineText.Lane(timeline, v2, 10).Should().Be("    ▂▄▄▄▄▄", "v2 began at 16 s with 2 jobs, then ran 4");
    }

    [Fact]
    public void Lane_OfALeakedVersion_IsMarkedAfterItsUnload()
    {
        var leaked = Version("v1", ModuleVersionState.Leaked, created: 0, unloaded: 20);
        var timeline = new ManagerTimeline("default", s_start.AddSeconds(40), [leaked], [Sample(0)]);

        TimelineText.Lane(timeline, leaked, 10).Should().Be("·····✕✕✕✕✕");
    }

    [Fact]
    public void Window_FollowsTheVersionsLives_FromThirtySecondsToTenMinutes()
    {
        var young = new ManagerTimeline("default", s_start.AddSeconds(5), [Version("v1", ModuleVersionState.Current, created: 0)], []);
        var old = new ManagerTimeline("default", s_start.AddHours(2), [Version("v1", ModuleVersionState.Current, created: 0)], []);

        TimelineText.Window(young).Should().Be((s_start.AddSeconds(-25), s_start.AddSeconds(5)));
        TimelineText.Window(old).Should().Be((s_start.AddHours(2).AddMinutes(-10), s_start.AddHours(2)));
    }

    private static VersionStatus Version(string id, ModuleVersionState state, int created, int? unloaded = null) =>
        new(id, id, state, "/modules", [], new Dictionary<string, string>(), 0, 0, 0, 0, s_start.AddSeconds(created), null, null,
            unloaded is { } at ? s_start.AddSeconds(at) : null, null, null);

    private static JobCountSample Sample(int second, params (string Version, int Jobs)[] jobs) =>
        new(s_start.AddSeconds(second), jobs.ToDictionary(j => j.Version, j => j.Jobs));
}
