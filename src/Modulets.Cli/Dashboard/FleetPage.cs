using System.Collections.Frozen;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Modulets.Control;

namespace Modulets.Cli.Dashboard;

/// <summary>
/// The fleet page <c>modulets dashboard</c> serves for several servers: one row per server and manager, the current
/// version of each, skew marked, each row opening that server's own dashboard. Its files are embedded in the tool and
/// served under the same strict Content-Security-Policy as the servers' dashboards.
/// </summary>
internal static class FleetPage
{
    private const string ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, (byte[] Content, string ContentType)> s_files = new Dictionary<string, (byte[], string)>
    {
        ["fleet.html"] = (Read("fleet.html"), "text/html; charset=utf-8"),
        ["fleet.js"] = (Read("fleet.js"), "text/javascript; charset=utf-8"),
        ["fleet.css"] = (Read("fleet.css"), "text/css; charset=utf-8"),
    }.ToFrozenDictionary();

    public static void Map(IEndpointRouteBuilder app, IReadOnlyList<ControlServer> servers)
    {
        app.MapGet("/", (HttpContext http) => Serve(http, "fleet.html"));
        app.MapGet("/fleet/assets/{file}", (HttpContext http, string file) => Serve(http, file));
        app.MapGet("/fleet/api/servers", async (CancellationToken cancellationToken) =>
            TypedResults.Json(await FleetStatus.ReadAsync(servers, cancellationToken).ConfigureAwait(false), ControlJson.Options));
        app.MapGet("/fleet/api/events", (CancellationToken cancellationToken) => TypedResults.ServerSentEvents(FleetEvents.ReadAsync(servers, cancellationToken)));
    }

    private static IResult Serve(HttpContext http, string file)
    {
        if (!s_files.TryGetValue(file, out var found))
        {
            return Results.NotFound();
        }

        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-cache";
        return Results.Bytes(found.Content, found.ContentType);
    }

    private static byte[] Read(string file)
    {
        using var stream = typeof(FleetPage).Assembly.GetManifestResourceStream($"Modulets.Fleet.{file}")
            ?? throw new InvalidOperationException($"The fleet page's '{file}' is not embedded in the modulets tool.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
