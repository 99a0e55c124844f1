using ScottPlot;

namespace Modulets.Rehearsal;

/// <summary>Draws the versions per server over time: one lane per server, a bar per version while it was current (the lane's upper half) or a candidate (its lower half, lighter), and a dashed line at each publish.</summary>
internal static class RehearsalChart
{
    private static readonly Color[] s_palette = [Colors.SteelBlue, Colors.SeaGreen, Colors.IndianRed, Colors.DarkOrange, Colors.MediumPurple];

    public static void Save(FleetRecord record, IReadOnlyDictionary<string, DateTimeOffset> publishedAt, string path)
    {
        var start = publishedAt.Values.Min();
        var end = record.Servers.SelectMany(server => server.Events).Select(e => e.At).DefaultIfEmpty(start).Max();
        double Seconds(DateTimeOffset at) => (at - start).TotalSeconds;
        var plot = new Plot();
        for (var lane = 0; lane < record.Servers.Count; lane++)
        {
            var server = record.Servers[lane];
            foreach (var (version, state, from, to) in Phases(server, end))
            {
                var color = s_palette[Array.IndexOf(RehearsalOptions.Versions, version) % s_palette.Length];
                var (bottom, top) = state == "Current" ? (lane + 0.02, lane + 0.4) : (lane - 0.4, lane - 0.02);
                var bar = plot.Add.Rectangle(Seconds(from), Seconds(to), bottom, top);
                bar.FillStyle.Color = state == "Current" ? color : color.WithAlpha(0.5);
                bar.LineStyle.Width = 0;
            }
        }

        foreach (var (version, at) in publishedAt)
        {
            var line = plot.Add.VerticalLine(Seconds(at));
            line.Color = s_palette[Array.IndexOf(RehearsalOptions.Versions, version) % s_palette.Length];
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = version == RehearsalOptions.BadVersion ? $"{version} published (bad)" : $"{version} published";
        }

        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, record.Servers.Count).Select(i => (double)i)], [.. record.Servers.Select(server => server.Name)]);
        plot.Axes.Bottom.Label.Text = "seconds since the first publish (upper half of a lane: current; lower half: candidate)";
        plot.Title("Versions per server over time");
        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, 1200, 120 + (80 * record.Servers.Count));
    }

    /// <summary>Each version's phases on a server: candidate from its arrival to its promotion or rollback, current from its promotion (or first load) to its retirement.</summary>
    private static IEnumerable<(string Version, string State, DateTimeOffset From, DateTimeOffset To)> Phases(ServerRecord server, DateTimeOffset end)
    {
        var open = new Dictionary<string, (string State, DateTimeOffset From)>();
        foreach (var e in server.Events.Where(e => e.Kind == "state"))
        {
            var (version, state) = (e.Words[0], e.Words[1]);
            if (open.Remove(version, out var phase))
            {
                yield return (version, phase.State, phase.From, e.At);
            }

            if (state is "Current" or "Candidate")
            {
                open[version] = (state, e.At);
            }
        }

        foreach (var (version, phase) in open)
        {
            yield return (version, phase.State, phase.From, end);
        }
    }
}
