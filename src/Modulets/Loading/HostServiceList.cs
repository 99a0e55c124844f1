using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Modulets;

/// <summary>What every version's service provider starts with: the host's logging, and the host services the options share.</summary>
internal sealed class HostServiceList(ILoggerFactory loggerFactory, IReadOnlyCollection<Type> sharedServices, IServiceProvider? hostServices)
{
    /// <exception cref="ModuleLoadException">A shared service is not available from the host.</exception>
    public ServiceCollection Describe(string location)
    {
        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        foreach (var type in sharedServices)
        {
            // Registered as instances: a version's provider never disposes what belongs to the host.
            var instance = hostServices?.GetService(type)
                ?? throw new ModuleLoadException(
                    $"The shared service '{type}' is not available from the host's services ({(hostServices is null ? "none were given: set ModuletOptions.HostServices or use AddModulets" : "not registered")}).",
                    location,
                    null);
            services.AddSingleton(type, instance);
        }

        return services;
    }
}
