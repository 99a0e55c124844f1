using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Modulets.Diagnostics;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a host's explanation of its own leaks.</summary>
public static class ModuletsLeakExplanationServiceCollectionExtensions
{
    /// <summary>
    /// When a manager of the host declares a version leaked and found no holder from inside the process, the host takes
    /// one bounded heap snapshot of itself (one at a time, at most one per <see cref="LeakExplanationOptions.MinimumInterval"/>,
    /// disk space checked first, the file removed afterwards) and adds the root paths to the version's leak report
    /// (<see cref="Modulets.ModuleVersion.LeakReport"/>), which the control API and the dashboard show, and to the log
    /// (event 300). Nothing is spent while nothing leaks. Call after <c>AddModulets</c>.
    /// </summary>
    /// <param name="services">The services of the host.</param>
    /// <param name="configure">Sets the options; <see langword="null"/> keeps the defaults.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddModuletsLeakExplanation(this IServiceCollection services, Action<LeakExplanationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<LeakExplanationOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LeakExplanationService>());
        return services;
    }
}
