using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;

namespace Modulets.AspNetCore.Tests.Health;

/// <summary><c>AddHealthChecks().AddModulets()</c> through a real <c>MapHealthChecks</c> endpoint on a loopback port.</summary>
public class ModuletsHealthCheckTests
{
    [Fact]
    public async Task Health_EveryManagerServingItsVersion_IsHealthy()
    {
        await using var host = await StartAsync();

        var (code, health) = await GetHealthAsync(host);

        code.Should().Be(HttpStatusCode.OK);
        health.GetProperty("status").GetString().Should().Be("Healthy");
        health.GetProperty("data").GetProperty("default.version").GetString().Should().Be(host.Manager().CurrentVersion.ShortId);
    }

    [Fact]
    public async Task Health_AManagerWithNoVersionThatCouldBeLoaded_IsUnhealthyAndSaysWhy()
    {
        using var empty = ModulesFolder.Create();
        await using var host = await StartAsync(builder => builder.Services.AddModulets("broken", options => options.ModulesPath = empty.Path));

        var (code, health) = await GetHealthAsync(host);

        code.Should().Be(HttpStatusCode.ServiceUnavailable);
        health.GetProperty("status").GetString().Should().Be("Unhealthy");
        health.GetProperty("data").GetProperty("broken.version").GetString().Should().Be("none");
        health.GetProperty("description").GetString().Should().Contain("broken: ").And.Contain("no assemblies");
    }

    [Fact]
    public async Task Health_NewestContentRejected_IsDegradedNamingTheProblem()
    {
        await using var host = await StartAsync();
        File.WriteAllBytes(Path.Combine(host.Folder().Path, "Broken.dll"), [0x4D, 0x5A, 1, 2, 3]);
        host.Manager().Refresh();

        var (code, health) = await GetHealthAsync(host);

        code.Should().Be(HttpStatusCode.OK, "a degraded host still serves");
        health.GetProperty("status").GetString().Should().Be("Degraded");
        health.GetProperty("description").GetString().Should().Contain("newest content is rejected").And.Contain("Broken.dll");

        File.Delete(Path.Combine(host.Folder().Path, "Broken.dll"));
        host.Folder().Write(TestModules.Magic(2));
        host.Manager().Refresh();
        (await GetHealthAsync(host)).Health.GetProperty("status").GetString().Should().Be("Healthy", "good content clears the rejection");
    }

    [Fact]
    public async Task Health_ALeakedVersion_IsDegradedNamingIt()
    {
        await using var host = await StartAsync(builder => builder.Services.Configure<ModuletOptions>(ModuletManagerRegistry.DefaultName, options => options.UnloadTimeout = TimeSpan.FromSeconds(1)));
        var holder = new StrongBox<object?>();
        var leaked = await HandOutAModuleObjectAsync(host.Manager(), holder);
        host.Folder().Write(TestModules.Magic(2));
        host.Manager().Refresh();
        await Eventually.TrueAsync(() => leaked.State == ModuleVersionState.Leaked, "the held version to be declared leaked");

        var (code, health) = await GetHealthAsync(host);

        code.Should().Be(HttpStatusCode.OK);
        health.GetProperty("status").GetString().Should().Be("Degraded");
        health.GetProperty("description").GetString().Should().Contain($"version {leaked.ShortId} leaked");
        GC.KeepAlive(holder);
    }

    private static Task<ControlHost> StartAsync(Action<WebApplicationBuilder>? configure = null) =>
        ControlHost.StartAsync(
            configureServices: builder =>
            {
                builder.Services.AddHealthChecks().AddModulets();
                configure?.Invoke(builder);
            },
            configurePipeline: app => app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteJsonAsync }));

    /// <summary>Writes the report as JSON: the status, and the Modulets check's description and data.</summary>
    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        var entry = report.Entries["modulets"];
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new { status = report.Status.ToString(), description = entry.Description, data = entry.Data }));
    }

    private static async Task<(HttpStatusCode Code, JsonElement Health)> GetHealthAsync(ControlHost host)
    {
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        using var response = await client.GetAsync("health");
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<ModuleVersion> HandOutAModuleObjectAsync(ModuletManager manager, StrongBox<object?> holder)
    {
        var job = manager.StartJob(job =>
        {
            holder.Value = job.CreateInstance<IMagic>(TestModules.MagicType);
            return Task.CompletedTask;
        });
        await job;
        return job.Version;
    }
}
