using System.Globalization;
using System.Net;
using System.Text;
using global::Hangfire.Dashboard;
using global::Hangfire.Dashboard.Pages;

namespace Modulets.Hangfire;

/// <summary>
/// The Modulets page of Hangfire's own dashboard (<c>/modulets</c>, in its navigation menu): the versions of this
/// process's managers (state, jobs, failures, a canary rollout), and, for each Hangfire server of the storage, the
/// versions its jobs ran on, read from the jobs' <see cref="ModuletsJobParameters.Version"/> parameters.
/// </summary>
internal sealed class ModuletsDashboardPage(IReadOnlyList<ModuletManager> managers) : RazorPage
{
    /// <summary>How many of the newest processing and succeeded jobs the fleet view reads.</summary>
    private const int JobsRead = 100;

    public override void Execute()
    {
        Layout = new LayoutPage("Modulets");
        var html = new StringBuilder();
        html.Append("<div class=\"row\"><div class=\"col-md-12\"><h1 class=\"page-header\">Modulets</h1>");
        foreach (var manager in managers)
        {
            WriteManager(html, manager);
        }

        WriteFleet(html);
        html.Append("</div></div>");
        WriteLiteral(html.ToString());
    }

    private static void WriteManager(StringBuilder html, ModuletManager manager)
    {
        html.Append(CultureInfo.InvariantCulture, $"<h3>Manager <code>{Encode(manager.Name)}</code> <small>{Encode(manager.Source.Location)}</small></h3>");
        if (manager.Rollout is { } rollout)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"modulets-rollout\" data-state=\"{rollout.State}\"><strong>Canary rollout {rollout.State}</strong>, step {rollout.Step} of {rollout.StepCount}, candidate <code>{rollout.Candidate.ShortId}</code> at {rollout.Percent}%: {Encode(rollout.Reason)}</p>");
        }

        html.Append("<table class=\"table table-striped modulets-versions\"><thead><tr><th>Version</th><th>State</th><th>Running</th><th>Started</th><th>Faulted</th><th>Labels</th><th>Created</th></tr></thead><tbody>");
        foreach (var version in manager.Versions.Reverse())
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr data-version-id=\"{version.Id}\"><td><code title=\"{version.Id}\">{version.ShortId}</code></td><td>{version.State}</td><td>{version.ActiveJobs}</td><td>{version.JobsStarted}</td><td>{version.JobsFaulted}</td><td>{Encode(string.Join(" ", version.Labels.Where(l => l.Key != ModuleLabels.PackageHash).Select(l => $"{l.Key}={l.Value}")))}</td><td>{version.CreatedAt:u}</td></tr>");
        }

        html.Append("</tbody></table>");
    }

    /// <summary>Each Hangfire server, with the versions its newest jobs ran on.</summary>
    private void WriteFleet(StringBuilder html)
    {
        var monitoring = Storage.GetMonitoringApi();
        var ranOn = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        using (var connection = Storage.GetConnection())
        {
            var processing = monitoring.ProcessingJobs(0, JobsRead).Select(job => (job.Key, ServerId: (string?)job.Value.ServerId));
            var succeeded = monitoring.SucceededJobs(0, JobsRead).Select(job => (job.Key, ServerId: ServerOf(monitoring, job.Key)));
            foreach (var (jobId, serverId) in processing.Concat(succeeded))
            {
                if (serverId is null || connection.GetJobParameter(jobId, ModuletsJobParameters.Version) is not { } version)
                {
                    continue;
                }

                var versions = ranOn.TryGetValue(serverId, out var found) ? found : ranOn[serverId] = new(StringComparer.Ordinal);
                var id = global::Hangfire.Common.SerializationHelper.Deserialize<string>(version);
                versions[id] = versions.GetValueOrDefault(id) + 1;
            }
        }

        html.Append("<h3>Servers <small>the versions their newest jobs ran on</small></h3><table class=\"table table-striped modulets-servers\"><thead><tr><th>Server</th><th>Versions (jobs)</th></tr></thead><tbody>");
        foreach (var server in monitoring.Servers())
        {
            var versions = ranOn.TryGetValue(server.Name, out var found) ? string.Join(", ", found.OrderByDescending(v => v.Value).Select(v => $"<code title=\"{v.Key}\">{v.Key[..Math.Min(12, v.Key.Length)]}</code> ({v.Value})")) : "none yet";
            html.Append(CultureInfo.InvariantCulture, $"<tr data-server=\"{Encode(server.Name)}\"><td>{Encode(server.Name)}</td><td>{versions}</td></tr>");
        }

        html.Append("</tbody></table>");
    }

    /// <summary>The server a succeeded job ran on: its processing state's server id, from its history.</summary>
    private static string? ServerOf(global::Hangfire.Storage.IMonitoringApi monitoring, string jobId) =>
        monitoring.JobDetails(jobId)?.History.FirstOrDefault(state => state.StateName == "Processing")?.Data is { } data && data.TryGetValue("ServerId", out var server) ? server : null;

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
