using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Modulets.AspNetCore;
using Modulets.Control;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Modulets control socket to a host: the control API on an owner-only Unix socket, for worker hosts without a web server.</summary>
public static class ModuletsControlSocketServiceCollectionExtensions
{
    /// <summary>
    /// Serves the control API (the same routes as <c>MapModulets</c>, under <c>/modulets</c>) on a Unix socket of this
    /// process, <c>modulets-{pid}.sock</c> in <see cref="ControlSocketPaths.DefaultDirectory"/>, from the host's start
    /// to its stop. Only this user (and root) can use it; the <c>modulets</c> console finds it with <c>modulets ps</c>.
    /// </summary>
    /// <param name="services">The host's services, with <c>AddModulets</c> called.</param>
    /// <param name="configure">Moves the socket's folder, if needed.</param>
    /// <returns>The services, for chaining.</returns>
    /// <remarks>A socket that cannot start (a folder of another user's, say) is logged (event 205); the host runs on without it.</remarks>
    public static IServiceCollection AddModuletsControlSocket(this IServiceCollection services, Action<ControlSocketOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ControlSocketOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ControlSocketHost>());
        return services;
    }
}
