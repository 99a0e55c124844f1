using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Modulets;
using Modulets.AspNetCore;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Modulets control API and dashboard into an ASP.NET Core application.</summary>
public static class ModuletsEndpointRouteBuilderExtensions
{
    /// <summary>The prefix the control socket serves the API under, and the one <see cref="MapModulets"/> takes by default.</summary>
    public const string DefaultPrefix = "/modulets";

    /// <summary>
    /// Maps the control API (<c>{prefix}/api/...</c>), its event stream (<c>{prefix}/api/events</c>) and the dashboard
    /// (<c>{prefix}/</c>) for the managers that <c>AddModulets</c> registered. From then until the application stops,
    /// each manager's running jobs per version are counted once a second for the timeline (<c>{prefix}/api/managers/{name}/timeline</c>).
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="prefix">Where to map them, such as <c>/modulets</c>.</param>
    /// <returns>The group's builder: <c>.RequireAuthorization("policy")</c> on it lets the callers of that policy in.</returns>
    /// <remarks>
    /// Secure by default: without an authorization policy on the group (or a fallback policy), only requests over the
    /// control socket or from a loopback address are served, and every other caller gets 403. Behind a reverse proxy on
    /// the same machine, use the forwarded-headers middleware, or every request looks local. Requests that change
    /// something are refused when a browser sends them from another site.
    /// </remarks>
    /// <exception cref="InvalidOperationException"><c>AddModulets</c> was not called on the application's services.</exception>
    public static RouteGroupBuilder MapModulets(this IEndpointRouteBuilder endpoints, string prefix = DefaultPrefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        var registry = endpoints.ServiceProvider.GetService<ModuletManagerRegistry>()
            ?? throw new InvalidOperationException("MapModulets needs the managers to control: call services.AddModulets(...) first.");
        var logger = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Modulets.AspNetCore.Control");

        var history = new JobCountHistory(registry, endpoints.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System);
        endpoints.ServiceProvider.GetService<IHostApplicationLifetime>()?.ApplicationStopping.Register(history.Dispose);

        var group = endpoints.MapGroup(prefix);
        group.AddEndpointFilter(new ControlAccessFilter(logger));
        new ControlApi(registry, history, logger).Map(group.MapGroup("/api"));
        DashboardFiles.Map(group);
        return group;
    }
}
