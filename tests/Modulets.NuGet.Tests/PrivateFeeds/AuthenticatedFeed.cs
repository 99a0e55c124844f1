using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NuGet.Packaging;

namespace Modulets.NuGet.Tests.PrivateFeeds;

/// <summary>
/// A test fixture standing in for a private feed server: a real HTTP server (Kestrel, 127.0.0.1) serving a static
/// NuGet v3 feed (service index, flat container, registrations) from a folder of .nupkg files, behind HTTP Basic
/// authentication. It serves what it finds in the folder on each request, as a static file server would.
/// </summary>
public sealed class AuthenticatedFeed : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AuthenticatedFeed(WebApplication app, string folder)
    {
        _app = app;
        Folder = folder;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        ServiceIndex = $"{address}/v3/index.json";
    }

    public string Folder { get; }

    public string ServiceIndex { get; }

    public static async Task<AuthenticatedFeed> StartAsync(string folder, string user, string password)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        app.Use(async (context, next) =>
        {
            if (context.Request.Headers.Authorization.ToString() != expected)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"private feed\"";
                return;
            }

            await next(context);
        });
        app.MapGet("/v3/index.json", (HttpContext http) => Json(new JsonObject
        {
            ["version"] = "3.0.0",
            ["resources"] = new JsonArray(
                new JsonObject { ["@id"] = $"{Base(http)}/v3/flat/", ["@type"] = "PackageBaseAddress/3.0.0" },
                new JsonObject { ["@id"] = $"{Base(http)}/v3/registration/", ["@type"] = "RegistrationsBaseUrl/3.6.0" }),
        }));
        app.MapGet("/v3/flat/{id}/index.json", (string id) => Json(new JsonObject
        {
            ["versions"] = new JsonArray([.. Packages(folder, id).Select(p => (JsonNode)p.Version.ToNormalizedString().ToLowerInvariant())]),
        }));
        app.MapGet("/v3/flat/{id}/{version}/{file}", (string id, string version) =>
            Packages(folder, id).FirstOrDefault(p => p.Version.ToNormalizedString().Equals(version, StringComparison.OrdinalIgnoreCase)) is { } package
                ? Results.File(File.ReadAllBytes(package.Path), "application/octet-stream")
                : Results.NotFound());
        app.MapGet("/v3/registration/{id}/index.json", (HttpContext http, string id) =>
        {
            var packages = Packages(folder, id).ToList();
            var items = new JsonArray([.. packages.Select(p => (JsonNode)new JsonObject
            {
                ["@id"] = $"{Base(http)}/v3/registration/{id}/{p.Version}.json",
                ["catalogEntry"] = new JsonObject { ["@id"] = $"{Base(http)}/v3/catalog/{id}/{p.Version}.json", ["id"] = p.Id, ["version"] = p.Version.ToNormalizedString(), ["listed"] = true, ["dependencyGroups"] = new JsonArray() },
                ["packageContent"] = $"{Base(http)}/v3/flat/{id.ToLowerInvariant()}/{p.Version.ToNormalizedString().ToLowerInvariant()}/{Path.GetFileName(p.Path)}",
            })]);
            return packages.Count == 0 ? Results.NotFound() : Json(new JsonObject
            {
                ["count"] = 1,
                ["items"] = new JsonArray(new JsonObject
                {
                    ["@id"] = $"{Base(http)}/v3/registration/{id}/index.json#page",
                    ["count"] = packages.Count,
                    ["lower"] = packages.Min(p => p.Version)!.ToNormalizedString(),
                    ["upper"] = packages.Max(p => p.Version)!.ToNormalizedString(),
                    ["items"] = items,
                }),
            });
        });
        await app.StartAsync();
        return new AuthenticatedFeed(app, folder);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static string Base(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}";

    private static IResult Json(JsonNode node) => Results.Text(node.ToJsonString(), "application/json");

    private static IEnumerable<(string Id, global::NuGet.Versioning.NuGetVersion Version, string Path)> Packages(string folder, string id) =>
        Directory.EnumerateFiles(folder, "*.nupkg")
            .Select(path =>
            {
                using var reader = new PackageArchiveReader(path);
                var identity = reader.GetIdentity();
                return (identity.Id, identity.Version, path);
            })
            .Where(p => p.Id.Equals(id, StringComparison.OrdinalIgnoreCase))
            .OrderBy(p => p.Version);
}
