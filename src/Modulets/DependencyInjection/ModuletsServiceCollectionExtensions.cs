using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Modulets;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Modulets in a service collection.</summary>
public static class ModuletsServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="ModuletManager"/> configured by <paramref name="configure"/>, logging through the
    /// container's <see cref="ILoggerFactory"/> and resolving <see cref="ModuletOptions.SharedServices"/> from the container.
    /// With Microsoft.Extensions.Hosting, the manager starts with the host (options validated, first version loaded; without a host, at the first job)
    /// and, when the host stops, stops accepting jobs and drains the running ones within the host's shutdown timeout.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets <see cref="ModuletOptions.ModulesPath"/> and the other options.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddModulets(this IServiceCollection services, Action<ModuletOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<ModuletOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ModuletOptions>, ModuletOptionsValidator>());
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<ModuletOptions>>().Value;
            return new ModuletManager(options, provider.GetService<ILoggerFactory>(), options.HostServices ?? provider);
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ModuletsHostedService>());
        return services;
    }
}
