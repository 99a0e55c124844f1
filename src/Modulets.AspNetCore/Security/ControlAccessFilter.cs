using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Modulets.AspNetCore;

/// <summary>
/// Guards every route of the control API. Without an authorization policy, only local callers are served (the control
/// socket, loopback). And a request that changes something is refused when a browser sent it from another site:
/// the browser's own <c>Sec-Fetch-Site</c> or <c>Origin</c> header says where the page came from, and a body must be
/// JSON, which no cross-site form can send without a CORS preflight the API never grants.
/// </summary>
internal sealed class ControlAccessFilter(ILogger logger) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!HasAuthorizationPolicy(http) && !ControlCaller.IsLocal(http))
        {
            return Forbid(http, "without an authorization policy the control API serves only the control socket and loopback; map it with MapModulets(...).RequireAuthorization(\"policy\") to serve other callers");
        }

        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        {
            if (CrossSiteReason(http.Request) is { } reason)
            {
                return Forbid(http, reason);
            }

            if (HasBody(http.Request) && !IsJson(http.Request))
            {
                return ValueTask.FromResult<object?>(TypedResults.Problem(
                    $"The control API takes JSON bodies only, not '{http.Request.ContentType}'.",
                    statusCode: StatusCodes.Status415UnsupportedMediaType,
                    title: "Unsupported media type"));
            }
        }

        return next(context);
    }

    private static bool HasAuthorizationPolicy(HttpContext http)
    {
        var metadata = http.GetEndpoint()?.Metadata;
        if (metadata is null || metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return false; // AllowAnonymous skips authorization: it is no policy
        }

        if (metadata.GetMetadata<IAuthorizeData>() is not null
            || metadata.GetMetadata<AuthorizationPolicy>() is not null
            || metadata.GetMetadata<IAuthorizationRequirementData>() is not null)
        {
            return true;
        }

        return http.RequestServices.GetService<IOptions<AuthorizationOptions>>()?.Value.FallbackPolicy is not null;
    }

    private static string? CrossSiteReason(HttpRequest request)
    {
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0)
        {
            return fetchSite is "same-origin" or "none" ? null : $"a browser sent it from another site (Sec-Fetch-Site: {fetchSite})";
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return null; // not a browser (the console, a script): nothing was forged.
        }

        return Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"a browser sent it from another origin ({origin})";
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    private static bool IsJson(HttpRequest request) => request.HasJsonContentType();

    private ValueTask<object?> Forbid(HttpContext http, string reason)
    {
        Log.RequestForbidden(logger, ControlCaller.Describe(http), http.Request.Method, http.Request.Path, reason);
        return ValueTask.FromResult<object?>(TypedResults.Problem(
            $"Forbidden: {reason}.",
            statusCode: StatusCodes.Status403Forbidden,
            title: "Forbidden"));
    }
}
