using System.Globalization;

namespace Modulets.Rehearsal;

/// <summary>One job's end as the coordinator saw it: its final state, and the package version of the code that enqueued it.</summary>
internal sealed record JobOutcome(string RunId, string? State, string? EnqueuerVersion);

/// <summary>A line of a runs file: a job's start, end or failure on a version, in a process.</summary>
internal sealed record Run(string Kind, string RunId, string Version, int Pid, DateTimeOffset At);

/// <summary>A line of a server's events file: a version's state, or a rollout's step.</summary>
internal sealed record ServerEvent(DateTimeOffset At, string Kind, IReadOnlyList<string> Words);

/// <summary>A server's record: its events, and its versions' final states (version, state, id).</summary>
internal sealed record ServerRecord(string Name, IReadOnlyList<ServerEvent> Events, IReadOnlyList<(string Version, string State)> Final)
{
    /// <summary>When each candidate was promoted.</summary>
    public Dictionary<string, DateTimeOffset> Promotions() => Rollouts("Promoted");

    /// <summary>When each candidate was rolled back.</summary>
    public Dictionary<string, DateTimeOffset> Rollbacks() => Rollouts("RolledBack");

    private Dictionary<string, DateTimeOffset> Rollouts(string state) =>
        Events.Where(e => e.Kind == "rollout" && e.Words[0] == state).GroupBy(e => e.Words[1]).ToDictionary(g => g.Key, g => g.First().At);
}

/// <summary>What the servers wrote: their events and final states, and every job's runs.</summary>
internal sealed record FleetRecord(IReadOnlyList<ServerRecord> Servers, IReadOnlyList<Run> Runs)
{
    public static FleetRecord Read(string output, int workers)
    {
        var servers = Enumerable.Range(1, workers).Select(i => $"server-{i}").Select(name => new ServerRecord(
            name,
            [.. Lines(Path.Combine(output, $"events-{name}.log")).Select(words => new ServerEvent(Time(words[0]), words[1], words[2..]))],
            [.. Lines(Path.Combine(output, $"final-{name}.log")).Select(words => (words[0], words[1]))])).ToList();
        var runs = Directory.EnumerateFiles(output, "runs-*.log")
            .SelectMany(Lines)
            .Where(words => words.Length == 5)
            .Select(words => new Run(words[0], words[1], words[2], int.Parse(words[3], CultureInfo.InvariantCulture), Time(words[4])))
            .ToList();
        return new FleetRecord(servers, runs);
    }

    /// <summary>Whether every server has made <paramref name="version"/> current (promoted it).</summary>
    public bool AllPromoted(string version) => Servers.All(server => server.Promotions().ContainsKey(version));

    private static IEnumerable<string[]> Lines(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return [.. reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' '))];
    }

    private static DateTimeOffset Time(string milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(milliseconds, CultureInfo.InvariantCulture));
}
