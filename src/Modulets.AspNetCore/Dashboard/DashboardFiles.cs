using System.Collections.Frozen;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Modulets.AspNetCore;

/// <summary>
/// Serves the dashboard from the files embedded in this assembly, no CDN, no build step: a server's page, and the fleet
/// page <c>modulets dashboard</c> serves for several servers (which is why the console sees this class).
/// </summary>
internal static class DashboardFiles
{
    private const string ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, (byte[] Content, string ContentType)> s_files = new Dictionary<string, (byte[], string)>
    {
        ["index.html"] = (Read("index.html"), "text/html; charset=utf-8"),
        ["dashboard.js"] = (Read("dashboard.js"), "text/javascript; charset=utf-8"),
        ["dashboard.css"] = (Read("dashboard.css"), "text/css; charset=utf-8"),
        ["timeline.js"] = (Read("timeline.js"), "text/javascript; charset=utf-8"),
        ["dom.js"] = (Read("dom.js"), "text/javascript; charset=utf-8"),
        ["fleet.html"] = (Read("fleet.html"), "text/html; charset=utf-8"),
        ["fleet.js"] = (Read("fleet.js"), "text/javascript; charset=utf-8"),
        ["fleet.css"] = (Read("fleet.css"), "text/css; charset=utf-8"),
    }.ToFrozenDictionary();

    public static void Map(IEndpointRouteBuilder group)
    {
        // The page links its script and the API relatively, so it must be served at "{prefix}/", with the slash.
        group.MapGet("/", (HttpContext http) =>
            http.Request.Path.Value?.EndsWith('/') == true
                ? Serve(http, "index.html")
                : Results.Redirect($"{http.Request.PathBase}{http.Request.Path}/{http.Request.QueryString}"));
        group.MapGet("/assets/{file}", (HttpContext http, string file) => Serve(http, file));
    }

    /// <summary>Answers with an embedded file, under the strict Content-Security-Policy; 404 for a name it does not embed.</summary>
    public static IResult Serve(HttpContext http, string file)
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
        using var stream = typeof(DashboardFiles).Assembly.GetManifestResourceStream($"Modulets.Dashboard.{file}")
            ?? throw new InvalidOperationException($"The dashboard's '{file}' is not embedded in {typeof(DashboardFiles).Assembly.GetName().Name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
