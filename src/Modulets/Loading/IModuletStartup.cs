using Microsoft.Extensions.DependencyInjection;

namespace Modulets;

/// <summary>
/// Implemented by one public type of a module to give each version of it its own services. The version's provider is
/// built from it when the version is created (a start-up that throws rejects the update), already holds the host's
/// <c>ILoggerFactory</c>, <c>ILogger&lt;T&gt;</c> and the services listed in <see cref="ModuletOptions.SharedServices"/>,
/// serves <see cref="ModuletJob.Services"/> and <see cref="ModuletJob.CreateInstance{T}"/>, and is disposed when the
/// version unloads, so no host container ever holds a module type.
/// </summary>
public interface IModuletStartup
{
    /// <summary>Registers the version's services.</summary>
    /// <param name="services">The version's service collection.</param>
    void ConfigureServices(IServiceCollection services);
}
