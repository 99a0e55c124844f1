using ScottPlot;

namespace Modulets.Benchmarks.Soak;

/// <summary>Draws the soak run: heap and working set over time, and the live versions on a second axis.</summary>
internal static class SoakChart
{
    public static void Save(IReadOnlyList<SoakSample> samples, TimeSpan warmUp, string path)
    {
        var plot = new Plot();
        var seconds = samples.Select(sample => sample.Seconds).ToArray();
        var heap = plot.Add.Scatter(seconds, samples.Select(sample => sample.HeapMegabytes).ToArray());
        heap.LegendText = "managed heap (MB)";
        heap.MarkerSize = 0;
        var workingSet = plot.Add.Scatter(seconds, samples.Select(sample => sample.WorkingSetMegabytes).ToArray());
        workingSet.LegendText = "working set (MB)";
        workingSet.MarkerSize = 0;
        var live = plot.Add.Scatter(seconds, samples.Select(sample => (double)sample.LiveVersions).ToArray());
        live.LegendText = "live versions (right axis)";
        live.MarkerSize = 0;
        live.Axes.YAxis = plot.Axes.Right;
        plot.Add.VerticalLine(warmUp.TotalSeconds).LegendText = "end of warm-up";
        plot.Title($"{samples.Count} s, a new version every second");
        plot.Axes.Bottom.Label.Text = "seconds";
        plot.Axes.Left.Label.Text = "MB";
        plot.Axes.Right.Label.Text = "live versions";
        plot.Axes.SetLimitsY(0, samples.Max(sample => sample.WorkingSetMegabytes) * 1.1);
        plot.Axes.SetLimitsY(0, samples.Max(sample => sample.LiveVersions) * 1.5 + 1, plot.Axes.Right);
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, 1000, 500);
    }
}
