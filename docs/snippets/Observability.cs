using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Modulets.Docs.Snippets;

public static class Observability
{
    public static void MapHealth(WebApplicationBuilder builder)
    {
        #region health-checks
        builder.Services.AddModulets(o => o.ModulesPath = "/srv/jobs/modules");
        builder.Services.AddHealthChecks().AddModulets();   // every manager: Unhealthy, Degraded or Healthy, and why
        var app = builder.Build();
        app.MapHealthChecks("/health");                      // Kubernetes' probes, a load balancer
        #endregion
    }

    public static void CollectWithOpenTelemetry(WebApplicationBuilder builder)
    {
        #region opentelemetry
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter("Modulets"))    // ModuletsTelemetry.Name; then your exporter (OTLP, Prometheus)
            .WithTracing(tracing => tracing.AddSource("Modulets"));  // jobs, and each version load with its phases
        #endregion
    }
}
