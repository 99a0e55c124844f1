using System.Globalization;
using Modulets.Control;
using Spectre.Console;

namespace Modulets.Cli;

/// <summary>The tables the console shows.</summary>
internal static class Tables
{
    public static Table Status(IReadOnlyList<(string Server, ManagerStatus Manager, IReadOnlyList<VersionStatus> Versions)> rows)
    {
        var usual = FleetSkew.UsualVersions(rows.Select(row => (row.Manager.Name, row.Manager.CurrentVersion)));
        var table = new Table().AddColumns("Server", "Manager", "Current", "Live", "Draining", "Leaked", "Jobs", "Skew");
        foreach (var (server, manager, versions) in rows)
        {
            var skewed = FleetSkew.IsSkewed(usual, rows.Count, manager.Name, manager.CurrentVersion);
            table.AddRow(
                Markup.Escape(server),
                Markup.Escape(manager.Name),
                manager.CurrentVersion is { } current ? $"[green]{current.ShortId}[/]" : $"[red]none[/] {Markup.Escape(manager.CurrentVersionProblem ?? string.Empty)}",
                Count(versions, v => v.State is not ModuleVersionState.Collected),
                Count(versions, v => v.State is ModuleVersionState.Draining),
                Count(versions, v => v.State is ModuleVersionState.Leaked, "red"),
                manager.ActiveJobs.ToString(CultureInfo.InvariantCulture),
                skewed ? "[yellow]≠ skewed[/]" : string.Empty);
        }

        return table;
    }

    public static Table Versions(string server, string manager, IReadOnlyList<VersionStatus> versions)
    {
        var table = new Table().Title($"{Markup.Escape(server)} · {Markup.Escape(manager)}").AddColumns("Version", "State", "Jobs", "Started", "Age", "Retired", "Unloaded", "Collected", "Labels");
        foreach (var version in versions.Reverse())
        {
            table.AddRow(
                version.ShortId,
                State(version.State),
                version.ActiveJobs.ToString(CultureInfo.InvariantCulture),
                version.JobsStarted.ToString(CultureInfo.InvariantCulture),
                Age(version.CreatedAt),
                Time(version.RetiredAt),
                Time(version.UnloadedAt),
                Time(version.CollectedAt),
                Labels(version));
            AddLeak(table, version);
        }

        return table;
    }

    /// <summary>A manager's versions, newest first, each with its running jobs over time in a lane as wide as the console allows: what <c>watch</c> shows.</summary>
    public static Table Timeline(string server, ManagerTimeline timeline, int consoleWidth)
    {
        var (start, end) = TimelineText.Window(timeline);
        var width = Math.Clamp(consoleWidth - 60, 10, 80);
        var table = new Table().Title($"{Markup.Escape(server)} · {Markup.Escape(timeline.Manager)}")
            .AddColumns("Version", "State", "Jobs")
            .AddColumn(new TableColumn($"Jobs over time, {Time(start)} to {Time(end)}").Width(width).NoWrap())
            .AddColumns("Age", "Labels");
        foreach (var version in timeline.Versions.Reverse())
        {
            table.AddRow(
                version.ShortId,
                State(version.State),
                version.ActiveJobs.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(TimelineText.Lane(timeline, version, width)),
                Age(version.CreatedAt),
                Labels(version));
            AddLeak(table, version);
        }

        return table;
    }

    /// <summary>Each server's canary rollout: the step and share, both versions' failure rates, and why it stands where it does.</summary>
    public static Table Rollouts(IReadOnlyList<(string Server, ManagerRollout Rollout)> rows)
    {
        var table = new Table().AddColumns("Server", "Manager", "Rollout", "Step", "Share", "Candidate", "Failed", "Stable", "Failed", "Why");
        foreach (var (server, (manager, rollout)) in rows)
        {
            if (rollout is null)
            {
                table.AddRow(Markup.Escape(server), Markup.Escape(manager), "[grey]none[/]");
                continue;
            }

            table.AddRow(
                Markup.Escape(server),
                Markup.Escape(manager),
                RolloutState(rollout.State),
                $"{rollout.Step}/{rollout.StepCount}",
                $"{rollout.Percent}%",
                rollout.Candidate.ShortId,
                Rate(rollout.CandidateJobsEnded, rollout.CandidateFailureRate),
                rollout.Stable.ShortId,
                Rate(rollout.StableJobsEnded, rollout.StableFailureRate),
                Markup.Escape(rollout.Reason));
        }

        return table;
    }

    public static Table Jobs(string server, string manager, IReadOnlyList<JobStatus> jobs)
    {
        var table = new Table().Title($"{Markup.Escape(server)} · {Markup.Escape(manager)} · {jobs.Count} jobs").AddColumns("Job", "Name", "Version", "Started", "Children", "Tags");
        foreach (var job in jobs)
        {
            table.AddRow(
                job.Id.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(job.Name ?? string.Empty),
                job.Version[..Math.Min(12, job.Version.Length)],
                Age(job.StartedAt) + " ago",
                job.ActiveChildren.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(string.Join(" ", job.Tags.Select(tag => $"{tag.Key}={tag.Value}"))));
        }

        return table;
    }

    public static Table Isolation(string server, string manager, IsolationStatus lists) =>
        new Table().Title($"{Markup.Escape(server)} · {Markup.Escape(manager)}").AddColumns("Shared (black list)", "Isolated (white list)")
            .AddRow(Markup.Escape(string.Join(Environment.NewLine, lists.Shared)), Markup.Escape(lists.Isolated.Count == 0 ? "(everything not shared)" : string.Join(Environment.NewLine, lists.Isolated)));

    public static string State(ModuleVersionState state) => state switch
    {
        ModuleVersionState.Current => "[green]Current[/]",
        ModuleVersionState.Candidate => "[aqua]Candidate[/]",
        ModuleVersionState.Draining => "[yellow]Draining[/]",
        ModuleVersionState.Unloading => "[blue]Unloading[/]",
        ModuleVersionState.Leaked => "[red]Leaked[/]",
        _ => "[grey]Collected[/]",
    };

    private static string RolloutState(RolloutState state) => state switch
    {
        Modulets.RolloutState.InProgress => "[aqua]in progress[/]",
        Modulets.RolloutState.Promoted => "[green]promoted[/]",
        Modulets.RolloutState.RolledBack => "[red]rolled back[/]",
        _ => "[grey]superseded[/]",
    };

    private static string Rate(long ended, double rate) => string.Create(CultureInfo.InvariantCulture, $"{rate * 100:0.#}% of {ended}");

    private static string Labels(VersionStatus version) => Markup.Escape(string.Join(" ", version.Labels.Select(label => $"{label.Key}={label.Value}")));

    private static void AddLeak(Table table, VersionStatus version)
    {
        if (version.LeakReport is { } leak)
        {
            table.AddRow(string.Empty, $"[red]{Markup.Escape(leak)}[/]");
        }
    }

    private static string Count(IReadOnlyList<VersionStatus> versions, Func<VersionStatus, bool> which, string color = "default")
    {
        var count = versions.Count(which);
        return count == 0 || color == "default" ? count.ToString(CultureInfo.InvariantCulture) : $"[{color}]{count}[/]";
    }

    private static string Age(DateTimeOffset since)
    {
        var age = DateTimeOffset.UtcNow - since;
        return age.TotalSeconds < 90 ? $"{age.TotalSeconds:0} s" : age.TotalMinutes < 90 ? $"{age.TotalMinutes:0} min" : age.TotalHours < 36 ? $"{age.TotalHours:0} h" : $"{age.TotalDays:0} d";
    }

    private static string Time(DateTimeOffset? at) => at?.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture) ?? string.Empty;
}
