namespace Modulets.Cli.Dashboard;

/// <summary>Reads every server of the fleet at once into the fleet page's rows, marking version skew.</summary>
internal static class FleetStatus
{
    public static async Task<List<FleetRow>> ReadAsync(IReadOnlyList<ControlServer> servers, CancellationToken cancellationToken)
    {
        var read = await Task.WhenAll(servers.Select((server, index) => ReadAsync(server, index, cancellationToken))).ConfigureAwait(false);
        var rows = read.SelectMany(rows => rows).ToList();
        var managers = rows.Where(row => row.Manager is not null).Select(row => (Manager: row.Manager!, row.Current)).ToList();
        var usual = FleetSkew.UsualVersions(managers);
        return [.. rows.Select(row => row.Manager is { } manager
            ? row with { Skewed = FleetSkew.IsSkewed(usual, managers.Count(m => m.Manager == manager), manager, row.Current) }
            : row)];
    }

    private static async Task<List<FleetRow>> ReadAsync(ControlServer server, int index, CancellationToken cancellationToken)
    {
        try
        {
            var rows = new List<FleetRow>();
            foreach (var manager in await server.GetManagersAsync(cancellationToken).ConfigureAwait(false))
            {
                var versions = await server.GetVersionsAsync(manager.Name, cancellationToken).ConfigureAwait(false);
                rows.Add(new FleetRow(
                    index,
                    server.Name,
                    manager.Name,
                    manager.CurrentVersion,
                    manager.CurrentVersionProblem,
                    manager.ActiveJobs,
                    versions.Count(v => v.State is not ModuleVersionState.Collected),
                    versions.Count(v => v.State is ModuleVersionState.Draining),
                    versions.Count(v => v.State is ModuleVersionState.Leaked),
                    Skewed: false));
            }

            return rows;
        }
        catch (ControlRequestException e)
        {
            return [new FleetRow(index, server.Name, null, null, e.Message, 0, 0, 0, 0, Skewed: false)];
        }
    }
}
