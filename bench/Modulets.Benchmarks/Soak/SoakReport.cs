using System.Globalization;
using System.Text;

namespace Modulets.Benchmarks.Soak;

/// <summary>Writes the soak run's samples (a CSV and a PNG chart) and checks its goal.</summary>
internal static class SoakReport
{
    private const double Flatness = 0.05;

    public static (bool Passed, string Summary) Write(SoakOptions options, IReadOnlyList<SoakSample> samples, IReadOnlyCollection<ModuleVersion> retired, long endedJobs, long lostJobs)
    {
        Directory.CreateDirectory(options.OutputFolder);
        var csv = Path.Combine(options.OutputFolder, "soak.csv");
        var png = Path.Combine(options.OutputFolder, "soak.png");
        File.WriteAllText(csv, Csv(samples));
        SoakChart.Save(samples, options.WarmUp, png);

        var settled = samples.Where(sample => sample.Seconds >= options.WarmUp.TotalSeconds).ToList();
        var (heapFirst, heapLast) = Ends(settled, sample => sample.HeapMegabytes);
        var (setFirst, setLast) = Ends(settled, sample => sample.WorkingSetMegabytes);
        var collected = retired.Count(version => version.State == ModuleVersionState.Collected);
        var heapFlat = Math.Abs(heapLast - heapFirst) <= Flatness * heapFirst;
        var setFlat = Math.Abs(setLast - setFirst) <= Flatness * setFirst;
        var passed = heapFlat && setFlat && collected == retired.Count && lostJobs == 0;

        var summary = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"| after warm-up ({options.WarmUp}) | first minute | last minute | change | goal |")
            .AppendLine("| --- | ---: | ---: | ---: | --- |")
            .AppendLine(CultureInfo.InvariantCulture, $"| managed heap (MB) | {heapFirst:F1} | {heapLast:F1} | {Change(heapFirst, heapLast)} | within 5% {Mark(heapFlat)} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| working set (MB) | {setFirst:F1} | {setLast:F1} | {Change(setFirst, setLast)} | within 5% {Mark(setFlat)} |")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Versions retired: {retired.Count:N0}, collected {collected:N0}, leaked {retired.Count(version => version.State == ModuleVersionState.Leaked)}; live at most {samples.Max(sample => sample.LiveVersions)} at once{Unsettled(retired)}. {Mark(collected == retired.Count)}")
            .AppendLine(CultureInfo.InvariantCulture, $"Jobs ended: {endedJobs:N0}; lost: {lostJobs}. {Mark(lostJobs == 0)}")
            .AppendLine(CultureInfo.InvariantCulture, $"Samples: {csv}; chart: {png}.")
            .AppendLine(passed ? "Soak goal met." : "Soak goal NOT met.")
            .ToString();
        Console.WriteLine(summary);
        return (passed, summary);
    }

    /// <summary>The averages of the first and the last minute of the settled run (or of its halves, for a run shorter than two minutes).</summary>
    private static (double First, double Last) Ends(List<SoakSample> settled, Func<SoakSample, double> value)
    {
        var window = Math.Max(1, Math.Min(60, settled.Count / 2));
        return (settled.Take(window).Average(value), settled.TakeLast(window).Average(value));
    }

    private static string Change(double first, double last) => string.Create(CultureInfo.InvariantCulture, $"{(last - first) / first:+0.0%;-0.0%}");

    private static string Mark(bool met) => met ? "✔" : "✘";

    private static string Csv(IEnumerable<SoakSample> samples) =>
        "seconds,heap_mb,working_set_mb,live_versions,collected_versions,leaked_versions,running_jobs,ended_jobs\n"
        + string.Concat(samples.Select(s => string.Create(CultureInfo.InvariantCulture,
            $"{s.Seconds:F1},{s.HeapMegabytes:F2},{s.WorkingSetMegabytes:F2},{s.LiveVersions},{s.CollectedVersions},{s.LeakedVersions},{s.RunningJobs},{s.EndedJobs}\n")));

    /// <summary>Names the states of retired versions that neither were collected nor reported leaked.</summary>
    private static string Unsettled(IReadOnlyCollection<ModuleVersion> retired) =>
        string.Concat(retired.Where(version => version.State is not (ModuleVersionState.Collected or ModuleVersionState.Leaked))
            .GroupBy(version => version.State)
            .Select(group => $"; still {group.Key}: {group.Count()} ({string.Join(", ", group.Select(version => version.ShortId))})"));
}
