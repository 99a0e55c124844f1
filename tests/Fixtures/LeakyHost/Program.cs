// The leaking host of the 'modulets why' tests: runs a job on a version, keeps the job's result (an object of the
// module) in HostCache.Results and HostCache.Last, ships a second version, and prints "leaked ID" once the first is reported Leaked;
// then runs until its standard input closes, answering "explain" with "explained: ROOT | ROOT" (version.ExplainLeakAsync()).
// With --explain-itself it is a generic host with AddModuletsLeakExplanation, and prints "report: REPORT" once the
// service has added the root paths to the leak report.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Modulets;
using Modulets.Diagnostics;
using Modulets.LeakyHost;
using Modulets.Testing;

using var modules = new TemporaryModulesFolder();
using var host = CreateHost(modules.Path, explainItself: args.Contains("--explain-itself"));
await host.StartAsync();
var manager = host.Services.GetRequiredService<ModuletManager>();

modules.Write(Widget(1));
var leaking = manager.Refresh();
using (var job = manager.StartJob<object>(job => Task.FromResult(job.CreateInstance<object>("Leaky.Widget"))))
{
    HostCache.Last = await job;
    HostCache.Results.Add(HostCache.Last);
}

modules.Write(Widget(2));
manager.Refresh();
var state = await leaking.UnloadCompletion;
Console.WriteLine($"{state.ToString().ToLowerInvariant()} {leaking.ShortId}");
if (args.Contains("--explain-itself"))
{
    // The explanation joins the report a moment after the leak is declared (the snapshot is taken in the background).
    for (var waited = 0; waited < 1200 && leaking.LeakReport?.Contains("Root paths", StringComparison.Ordinal) != true; waited++)
    {
        await Task.Delay(50);
    }

    Console.WriteLine("report: " + leaking.LeakReport?.ReplaceLineEndings(" "));
}

while (await Console.In.ReadLineAsync() is { } command)
{
    if (command == "explain")
    {
        var explanation = await leaking.ExplainLeakAsync();
        Console.WriteLine("explained: " + string.Join(" | ", explanation.Versions.SelectMany(v => v.Paths).Select(p => p.Root)));
    }
}

static IHost CreateHost(string modulesPath, bool explainItself)
{
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.ClearProviders();
    builder.Services.AddModulets(options =>
    {
        options.ModulesPath = modulesPath;
        options.UpdateDetection = UpdateDetection.Manual;
        options.UnloadTimeout = TimeSpan.FromSeconds(1);
    });
    if (explainItself)
    {
        builder.Services.AddModuletsLeakExplanation();
    }

    return builder.Build();
}

static ModuleBuild Widget(int generation) => ModuleCompiler.Compile(
    "Leaky",
    $"namespace Leaky; public sealed class Widget {{ public int Generation {{ get; }} = {generation}; }}");
