using global::Hangfire;
using global::Hangfire.Dashboard;

namespace Modulets.Hangfire;

/// <summary>Adds Modulets to Hangfire's own dashboard: the Modulets page, its menu item, and the versions on each job's page.</summary>
internal static class ModuletsDashboard
{
    private static readonly List<ModuletManager> s_managers = [];
    private static bool s_added;

    /// <summary>Shows <paramref name="manager"/> on the page (the page, menu item and job renderer are added once per process).</summary>
    public static void Show(global::Hangfire.IGlobalConfiguration configuration, ModuletManager manager)
    {
        lock (s_managers)
        {
            s_managers.RemoveAll(known => known.Name == manager.Name);
            s_managers.Add(manager);
            if (s_added)
            {
                return;
            }

            s_added = true;
        }

        DashboardRoutes.Routes.AddRazorPage("/modulets", _ => new ModuletsDashboardPage(Managers()));
        NavigationMenu.Items.Add(page => new MenuItem("Modulets", page.Url.To("/modulets")) { Active = page.RequestPath.StartsWith("/modulets", StringComparison.Ordinal) });
        configuration.UseJobDetailsRenderer(100, RenderVersions);
    }

    private static List<ModuletManager> Managers()
    {
        lock (s_managers)
        {
            return [.. s_managers];
        }
    }

    /// <summary>On a job's page: the version it last ran on, and its enqueuer's.</summary>
    private static NonEscapedString RenderVersions(JobDetailsRendererDto dto)
    {
        var parameters = dto.JobDetails?.Properties;
        if (parameters is null || (!parameters.ContainsKey(ModuletsJobParameters.Version) && !parameters.ContainsKey(ModuletsJobParameters.EnqueuedBy)))
        {
            return new NonEscapedString(string.Empty);
        }

        var ranOn = parameters.TryGetValue(ModuletsJobParameters.Version, out var version) ? global::Hangfire.Common.SerializationHelper.Deserialize<string>(version) : null;
        var enqueuer = parameters.TryGetValue(ModuletsJobParameters.EnqueuedBy, out var stamp) ? global::Hangfire.Common.SerializationHelper.Deserialize<EnqueuerVersion>(stamp) : null;
        var labels = enqueuer is null ? string.Empty : string.Join(" ", enqueuer.Labels.Where(l => l.Key != ModuleLabels.PackageHash).Select(l => $"{l.Key}={l.Value}"));
        return new NonEscapedString(
            "<div class=\"modulets-job\"><h3>Modulets</h3><dl class=\"dl-horizontal\">"
            + (ranOn is null ? string.Empty : $"<dt>Ran on version</dt><dd><code class=\"modulets-ran-on\">{System.Net.WebUtility.HtmlEncode(ranOn)}</code></dd>")
            + (enqueuer is null ? string.Empty : $"<dt>Enqueued by version</dt><dd><code class=\"modulets-enqueued-by\">{System.Net.WebUtility.HtmlEncode(enqueuer.Id)}</code> {System.Net.WebUtility.HtmlEncode(labels)}</dd>")
            + "</dl></div>");
    }
}
