using Microsoft.Extensions.Diagnostics.HealthChecks;
using Modulets;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the health of the host's Modulets managers to ASP.NET Core's and the generic host's health checks.</summary>
public static class ModuletsHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a check of every manager registered with <c>AddModulets</c>: Unhealthy when one serves no version (none
    /// could be loaded, or the first is still on its way), Degraded when one has a leaked version or keeps rejecting
    /// its newest content, Healthy otherwise; the result's data names each manager's current version and problems.
    /// </summary>
    /// <param name="builder">The health checks builder (<c>services.AddHealthChecks()</c>).</param>
    /// <param name="name">The check's name.</param>
    /// <param name="failureStatus">The status reported instead of Unhealthy, or <see langword="null"/> for Unhealthy.</param>
    /// <param name="tags">Tags to filter checks by (<c>ready</c>, say).</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddModulets(this IHealthChecksBuilder builder, string name = "modulets", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(name, services => new ModuletsHealthCheck(services.GetRequiredService<ModuletManagerRegistry>()), failureStatus, tags));
    }
}
