using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Modulets.AspNetCore;
using Modulets.Control;

namespace Modulets.Cli.Dashboard;

/// <summary>
/// The fleet page <c>modulets dashboard</c> serves for several servers: one row per server and manager, the current
/// version of each, skew marked, each row opening that server's own dashboard. Its files are the dashboard's (embedded
/// in Modulets.AspNetCore), served under the same strict Content-Security-Policy.
/// </summary>
internal static class FleetPage
{
    public static void Map(IEndpointRouteBuilder app, IReadOnlyList<ControlServer> servers)
    {
        app.MapGet("/", (HttpContext http) => DashboardFiles.Serve(http, "fleet.html"));
        app.MapGet("/fleet/assets/{file}", (HttpContext http, string file) => DashboardFiles.Serve(http, file));
        app.MapGet("/fleet/api/servers", async (CancellationToken cancellationToken) =>
            TypedResults.Json(await FleetStatus.ReadAsync(servers, cancellationToken).ConfigureAwait(false), ControlJson.Options));
        app.MapGet("/fleet/api/events", (CancellationToken cancellationToken) => TypedResults.ServerSentEvents(FleetEvents.ReadAsync(servers, cancellationToken)));
    }
}
