using Modulets.Control;

namespace Modulets.Cli;

/// <summary>
/// Version skew across a fleet: for each manager name, the version most of its servers run (on a tie, the one created
/// last); a server running another one is skewed.
/// </summary>
internal static class FleetSkew
{
    /// <summary>Gets each manager's usual version id, from each server's (manager name, current version).</summary>
    public static Dictionary<string, string?> UsualVersions(IEnumerable<(string Manager, VersionStatus? Current)> servers) =>
        servers.GroupBy(server => server.Manager).ToDictionary(
            manager => manager.Key,
            manager => manager.GroupBy(server => server.Current?.Id)
                .OrderByDescending(version => version.Count())
                .ThenByDescending(version => version.Max(server => server.Current?.CreatedAt))
                .First().Key);

    /// <summary>Gets whether a server's current version differs from its manager's usual one, when several servers run that manager.</summary>
    public static bool IsSkewed(Dictionary<string, string?> usual, int servers, string manager, VersionStatus? current) =>
        servers > 1 && current?.Id != usual[manager];
}
