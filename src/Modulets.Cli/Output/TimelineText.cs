using Modulets.Control;

namespace Modulets.Cli;

/// <summary>
/// The dashboard's timeline as text, for <c>modulets watch</c>: each version's running jobs over the last minutes, one
/// character per slice of time (the height of a bar is the most jobs in the slice; <c>·</c> alive with no job; blank
/// before it was created and after it unloaded; <c>✕</c> where it leaked).
/// </summary>
internal static class TimelineText
{
    private const string Bars = "▁▂▃▄▅▆▇█";
    private static readonly TimeSpan s_longest = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan s_shortest = TimeSpan.FromSeconds(30);

    /// <summary>Gets the span the lanes show: the versions' lives, from thirty seconds up to the last ten minutes.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) Window(ManagerTimeline timeline)
    {
        var earliest = timeline.Versions.Select(version => version.CreatedAt).DefaultIfEmpty(timeline.Now).Min();
        var start = earliest < timeline.Now - s_longest ? timeline.Now - s_longest : earliest;
        return (start > timeline.Now - s_shortest ? timeline.Now - s_shortest : start, timeline.Now);
    }

    /// <summary>Draws a version's lane, <paramref name="width"/> characters for the <see cref="Window"/>.</summary>
    public static string Lane(ManagerTimeline timeline, VersionStatus version, int width)
    {
        var (start, end) = Window(timeline);
        var slice = (end - start) / width;
        var most = Math.Max(1, timeline.Samples.SelectMany(sample => sample.Jobs.Values).DefaultIfEmpty(0).Max());
        var lifeEnd = version.UnloadedAt ?? end;
        var lane = new char[width];
        for (var column = 0; column < width; column++)
        {
            var from = start + (slice * column);
            var to = from + slice;
            lane[column] = to <= version.CreatedAt || from >= lifeEnd
                ? version.State == ModuleVersionState.Leaked && from >= lifeEnd ? '✕' : ' '
                : Bar(MostJobs(timeline.Samples, version.Id, from, to), most);
        }

        return new string(lane).TrimEnd();
    }

    private static char Bar(int jobs, int most) => jobs == 0 ? '·' : Bars[Math.Min(Bars.Length - 1, (jobs * Bars.Length - 1) / most)];

    /// <summary>The most jobs the version ran in [from, to): the count when the slice began, and each one taken within it.</summary>
    private static int MostJobs(IReadOnlyList<JobCountSample> samples, string versionId, DateTimeOffset from, DateTimeOffset to)
    {
        var most = 0;
        foreach (var sample in samples)
        {
            if (sample.At >= to)
            {
                break;
            }

            var jobs = sample.Jobs.GetValueOrDefault(versionId);
            most = sample.At <= from ? jobs : Math.Max(most, jobs);
        }

        return most;
    }
}
