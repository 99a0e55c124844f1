using System.Globalization;
using NuGet.Versioning;

namespace Modulets.Rehearsal;

/// <summary>The rehearsal's verdict: each check with its count, and the time from each publish to each server's promotion.</summary>
internal sealed class RehearsalReport(RehearsalOptions options, FleetRecord record, IReadOnlyDictionary<string, DateTimeOffset> publishedAt, IReadOnlyList<JobOutcome> outcomes)
{
    /// <summary>Writes the checks and the promotion times; returns whether every check passed.</summary>
    public bool Print(TextWriter output)
    {
        var starts = record.Runs.Where(run => run.Kind == "start").ToList();
        var enqueuers = outcomes.ToDictionary(outcome => outcome.RunId, outcome => outcome.EnqueuerVersion);
        var checks = new (string What, int Count)[]
        {
            ("jobs lost (not succeeded)", outcomes.Count(outcome => outcome.State != "Succeeded")),
            ("jobs run twice (two ends)", record.Runs.Where(run => run.Kind == "end").GroupBy(run => run.RunId).Count(group => group.Count() > 1)),
            ("job runs on code older than their enqueuer's", starts.Count(run => enqueuers.GetValueOrDefault(run.RunId) is { } enqueuer && NuGetVersion.Parse(run.Version) < NuGetVersion.Parse(enqueuer))),
            ($"servers that did not roll {RehearsalOptions.BadVersion} back", record.Servers.Count(server => !server.Rollbacks().ContainsKey(RehearsalOptions.BadVersion))),
            ($"servers that made {RehearsalOptions.BadVersion} current", record.Servers.Count(server => server.Promotions().ContainsKey(RehearsalOptions.BadVersion) || server.Events.Any(e => e.Kind == "state" && e.Words[0] == RehearsalOptions.BadVersion && e.Words[1] == "Current"))),
            ("retired versions not collected", record.Servers.Sum(server => server.Final.Count(version => version.State is not ("Current" or "Collected")))),
            ("servers without a final report", record.Servers.Count(server => server.Final.Count == 0)),
            ($"servers that did not promote {RehearsalOptions.Versions[^1]}", record.Servers.Count(server => !server.Promotions().ContainsKey(RehearsalOptions.Versions[^1]))),
        };

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{outcomes.Count} jobs ({options.Jobs} enqueued on schedule, {outcomes.Count - options.Jobs} probes), {starts.Count} starts, {record.Runs.Count(run => run.Kind == "fail")} failed attempts, on {record.Servers.Count} servers"));
        foreach (var (what, count) in checks)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {(count == 0 ? "ok  " : "FAIL")}  {what}: {count}"));
        }

        output.WriteLine();
        output.WriteLine("Time from publish to each server's promotion (or rollback), in seconds:");
        output.WriteLine($"  {"version",-10}{string.Concat(record.Servers.Select(server => $"{server.Name,12}"))}");
        foreach (var version in RehearsalOptions.Versions.Skip(1))
        {
            var cells = record.Servers.Select(server =>
                server.Promotions().TryGetValue(version, out var promoted) ? Seconds(promoted - publishedAt[version])
                : server.Rollbacks().TryGetValue(version, out var rolledBack) ? $"back {Seconds(rolledBack - publishedAt[version])}"
                : "superseded");
            output.WriteLine($"  {version,-10}{string.Concat(cells.Select(cell => $"{cell,12}"))}");
        }

        output.WriteLine();
        var passed = checks.All(check => check.Count == 0);
        output.WriteLine(passed ? "Rehearsal passed." : "Rehearsal FAILED: see the checks above.");
        return passed;
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
}
