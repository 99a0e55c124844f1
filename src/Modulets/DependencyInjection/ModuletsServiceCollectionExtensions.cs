using Microsoft.Extensions.Configuration;
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
    /// Registers the <c>default</c> <see cref="ModuletManager"/>, configured by <paramref name="configure"/>: a singleton
    /// resolved as <see cref="ModuletManager"/> (and as the keyed service <c>"default"</c>), logging through the
    /// container's <see cref="ILoggerFactory"/> and resolving <see cref="ModuletOptions.SharedServices"/> from the container.
    /// With Microsoft.Extensions.Hosting, the manager starts with the host (options validated, first version loaded;
    /// without a host, at the first job) and, when the host stops, stops accepting jobs and drains the running ones
    /// within the host's shutdown timeout.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets <see cref="ModuletOptions.ModulesPath"/> and the other options.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddModulets(this IServiceCollection services, Action<ModuletOptions> configure) =>
        AddModulets(services, ModuletManagerRegistry.DefaultName, configure);

    /// <summary>
    /// Registers a named <see cref="ModuletManager"/>, for a host that runs several modules: a keyed singleton
    /// (<c>[FromKeyedServices("billing")]</c>), listed by <see cref="ModuletManagerRegistry"/>, started and stopped with
    /// the host like the default one.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The manager's name, such as <c>"billing"</c>; <c>"default"</c> is the one <see cref="ModuletManager"/> resolves to.</param>
    /// <param name="configure">Sets <see cref="ModuletOptions.ModulesPath"/> and the other options.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public static IServiceCollection AddModulets(this IServiceCollection services, string name, Action<ModuletOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<ModuletOptions>(OptionsName(name)).Configure(configure).ValidateOnStart();
        return AddManager(services, name);
    }

    /// <summary>
    /// Registers a named <see cref="ModuletManager"/> whose options come from configuration (a section of
    /// <c>appsettings.json</c>, say): every option by its name (<c>ModulesPath</c>, <c>FolderLayout</c>,
    /// <c>UpdateDetection</c>, <c>QuietPeriod</c>, <c>UnloadTimeout</c>, <c>DrainTimeout</c>...), and the black and white
    /// lists as the arrays <c>Shared</c> and <c>Isolated</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The manager's name; <c>"default"</c> is the one <see cref="ModuletManager"/> resolves to.</param>
    /// <param name="configuration">The section that holds the options.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public static IServiceCollection AddModulets(this IServiceCollection services, string name, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return AddModulets(services, name, options =>
        {
            configuration.Bind(options);
            foreach (var pattern in configuration.GetSection("Shared").Get<string[]>() ?? [])
            {
                options.Isolation.Share(pattern);
            }

            foreach (var pattern in configuration.GetSection("Isolated").Get<string[]>() ?? [])
            {
                options.Isolation.Isolate(pattern);
            }
        });
    }

    /// <summary>The default manager keeps the unnamed options, so <c>IOptions&lt;ModuletOptions&gt;</c> and <c>Configure&lt;ModuletOptions&gt;</c> still reach it.</summary>
    private static string OptionsName(string name) => name == ModuletManagerRegistry.DefaultName ? Options.Options.DefaultName : name;

    private static IServiceCollection AddManager(IServiceCollection services, string name)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ModuletOptions>, ModuletOptionsValidator>());
        services.AddSingleton(new ModuletManagerName(name));
        services.TryAddKeyedSingleton(name, static (provider, key) =>
        {
            var name = (string)key!;
            var options = provider.GetRequiredService<IOptionsMonitor<ModuletOptions>>().Get(OptionsName(name));
            return new ModuletManager(options, provider.GetService<ILoggerFactory>(), options.HostServices ?? provider, name);
        });
        if (name == ModuletManagerRegistry.DefaultName)
        {
            services.TryAddSingleton(static provider => provider.GetRequiredKeyedService<ModuletManager>(ModuletManagerRegistry.DefaultName));
        }

        services.TryAddSingleton(static provider => new ModuletManagerRegistry(provider, provider.GetServices<ModuletManagerName>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ModuletsHostedService>());
        return services;
    }
}
