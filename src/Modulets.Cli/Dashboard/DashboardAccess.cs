using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Modulets.Cli.Dashboard;

/// <summary>
/// Lets only the person who ran <c>modulets dashboard</c> in. Every local user can connect to a loopback port, so the
/// URL it prints carries a random key: the request that brings it gets the key back as a cookie (HttpOnly, so no page
/// script ever reads it; SameSite=Strict, so no other site's page sends it) and is sent on to the same page without the
/// key; every later request needs the cookie. And the Host header must name the loopback address it listens on, so a
/// page of another site cannot reach it through a DNS name that points at 127.0.0.1.
/// </summary>
internal sealed class DashboardAccess
{
    public const string KeyParameter = "key";
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(24);

    /// <summary>Gets the key the printed URL carries.</summary>
    public string Key => Convert.ToHexStringLower(_key);

    /// <summary>Gets or sets the port the dashboard listens on (known once it listens).</summary>
    public int Port { get; set; }

    private string CookieName => $"modulets-dashboard-{Port}";

    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        var request = http.Request;
        if (request.Host.Port != Port || request.Host.Host is not ("127.0.0.1" or "localhost"))
        {
            await RefuseAsync(http, $"this dashboard answers to http://127.0.0.1:{Port}/ only, not to the host '{request.Host}'.").ConfigureAwait(false);
            return;
        }

        if (request.Query.TryGetValue(KeyParameter, out var given))
        {
            if (!Matches(given.ToString()))
            {
                await RefuseAsync(http, "the key in the URL is not this dashboard's; open the URL 'modulets dashboard' printed.").ConfigureAwait(false);
                return;
            }

            http.Response.Cookies.Append(CookieName, Key, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", IsEssential = true });
            var rest = QueryString.Create(request.Query.Where(pair => pair.Key != KeyParameter));
            http.Response.Redirect($"{request.PathBase}{request.Path}{rest}");
            return;
        }

        if (!Matches(request.Cookies[CookieName]))
        {
            await RefuseAsync(http, "open the URL 'modulets dashboard' printed: it carries the key that lets this browser in.").ConfigureAwait(false);
            return;
        }

        await next(http).ConfigureAwait(false);
    }

    private bool Matches(string? given) =>
        given is { Length: > 0 } && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(given), Encoding.ASCII.GetBytes(Key));

    private static Task RefuseAsync(HttpContext http, string reason)
    {
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.WriteAsync($"Forbidden: {reason}\n");
    }
}
