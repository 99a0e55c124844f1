using System.Globalization;

namespace Modulets.Benchmarks.Soak;

/// <summary>The soak run's settings, from the command line: <c>--soak [--minutes 10] [--jobs 5000] [--out folder]</c>.</summary>
internal sealed record SoakOptions(double Minutes, int Jobs, string OutputFolder)
{
    public static SoakOptions Parse(string[] args) => new(
        Minutes: double.Parse(Value(args, "--minutes") ?? "10", CultureInfo.InvariantCulture),
        Jobs: int.Parse(Value(args, "--jobs") ?? "5000", CultureInfo.InvariantCulture),
        OutputFolder: Value(args, "--out") ?? Path.Combine("BenchmarkDotNet.Artifacts", "soak"));

    /// <summary>The part of the run left out of the flatness check, while the heap and the thread pool settle: the first fifth, at most two minutes.</summary>
    public TimeSpan WarmUp => TimeSpan.FromMinutes(Math.Min(Minutes / 5, 2));

    private static string? Value(string[] args, string name) =>
        Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
