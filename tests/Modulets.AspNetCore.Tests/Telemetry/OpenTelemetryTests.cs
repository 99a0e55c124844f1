using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Modulets.AspNetCore.Tests.Telemetry;

/// <summary>The documented OpenTelemetry recipe (<c>AddMeter("Modulets")</c>, <c>AddSource("Modulets")</c>) collects Modulets' metrics and activities, named by OpenTelemetry's rules.</summary>
public partial class OpenTelemetryTests
{
    [Fact]
    public async Task Recipe_CollectsTheMetricsAndTheJobAndLoadActivities_NamedByOpenTelemetrysRules()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        var source = Path.GetFullPath(folder.Path);
        var metrics = new List<Metric>();
        var activities = new List<Activity>();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddModulets(options =>
        {
            options.ModulesPath = folder.Path;
            options.UpdateDetection = UpdateDetection.Manual;
        });
        builder.Services.AddOpenTelemetry()
            .WithMetrics(meters => meters.AddMeter(ModuletsTelemetry.Name).AddInMemoryExporter(metrics))
            .WithTracing(traces => traces.AddSource(ModuletsTelemetry.Name).AddInMemoryExporter(activities));
        using var host = builder.Build();
        await host.StartAsync();
        var manager = host.Services.GetRequiredService<ModuletManager>();

        await manager.StartJob(_ => Task.CompletedTask, new JobOptions { Name = "nightly", Tags = new Dictionary<string, string> { ["tenant"] = "acme" } });
        folder.Write(TestModules.Magic(2));
        manager.Refresh();
        host.Services.GetRequiredService<MeterProvider>().ForceFlush().Should().BeTrue();
        host.Services.GetRequiredService<TracerProvider>().ForceFlush().Should().BeTrue();
        await host.StopAsync();

        var mine = metrics.Where(metric => PointsOf(metric).Any(point => Tag(point.Tags, "modulets.source") == source)).ToList();
        mine.Select(metric => (metric.Name, metric.Unit)).Should().Contain([
            ("modulets.jobs.started", "{job}"),
            ("modulets.jobs.active", "{job}"),
            ("modulets.versions", "{version}"),
            ("modulets.version.load.duration", "s")]);
        mine.Select(metric => metric.Name).Should().OnlyContain(name => OpenTelemetryName().IsMatch(name));

        var job = activities.Should().ContainSingle(activity => activity.OperationName == "modulets.job" && (string?)activity.GetTagItem("modulets.job.name") == "nightly").Subject;
        job.GetTagItem("modulets.job.tag.tenant").Should().Be("acme");
        job.GetTagItem("modulets.version.id").Should().Be(manager.Versions.First().Id);
        job.Status.Should().Be(ActivityStatusCode.Ok);
        var loads = activities.Where(activity => activity.OperationName == "modulets.version.load").ToList();
        loads.Should().NotBeEmpty();
        activities.Where(activity => activity.OperationName.StartsWith("modulets.version.", StringComparison.Ordinal) && activity.OperationName != "modulets.version.load")
            .Should().Contain(activity => loads.Any(load => load.SpanId == activity.ParentSpanId), "each phase is a child of its load");
        activities.SelectMany(activity => activity.TagObjects.Select(tag => tag.Key)).Concat(activities.Select(activity => activity.OperationName))
            .Where(name => name.StartsWith("modulets.", StringComparison.Ordinal))
            .Should().OnlyContain(name => OpenTelemetryName().IsMatch(name));
    }

    private static List<MetricPoint> PointsOf(Metric metric)
    {
        var points = new List<MetricPoint>();
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            points.Add(point);
        }

        return points;
    }

    private static string? Tag(ReadOnlyTagCollection tags, string key)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == key)
            {
                return tag.Value as string;
            }
        }

        return null;
    }

    /// <summary>OpenTelemetry's naming rules: lower case, namespaces separated by dots, words by underscores.</summary>
    [GeneratedRegex(@"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")]
    private static partial Regex OpenTelemetryName();
}
