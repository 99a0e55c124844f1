// The leaking host of the 'modulets why' tests: runs a job on a version, keeps the job's result (an object of the
// module) in HostCache.Results and HostCache.Last, ships a second version, and prints "leaked ID" once the first is reported Leaked;
// then runs until its standard input closes, answering "explain" with "explained: ROOT | ROOT" (version.ExplainLeakAsync()).
using Modulets;
using Modulets.Diagnostics;
using Modulets.LeakyHost;
using Modulets.Testing;

using var modules = new TemporaryModulesFolder();
using var manager = new ModuletManager(new ModuletOptions
{
    ModulesPath = modules.Path,
    UpdateDetection = UpdateDetection.Manual,
    UnloadTimeout = TimeSpan.FromSeconds(1),
});

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
while (await Console.In.ReadLineAsync() is { } command)
{
    if (command == "explain")
    {
        var explanation = await leaking.ExplainLeakAsync();
        Console.WriteLine("explained: " + string.Join(" | ", explanation.Versions.SelectMany(v => v.Paths).Select(p => p.Root)));
    }
}

static ModuleBuild Widget(int generation) => ModuleCompiler.Compile(
    "Leaky",
    $"namespace Leaky; public sealed class Widget {{ public int Generation {{ get; }} = {generation}; }}");
