using Modulets;
using Modulets.NuGet;

// Usage: PackageConsumer.App <feed folder> <cache folder>
// Installs PackageConsumer.Module from the feed, runs one job on it, and checks what the job returned.
if (args is not [var feed, var cache])
{
    Console.Error.WriteLine("usage: PackageConsumer.App <feed folder> <cache folder>");
    return 2;
}

var options = new ModuletOptions { ModulesPath = cache }.UseNuGetFeed(feed, "PackageConsumer.Module");
await using var manager = new ModuletManager(options);
var version = await manager.RefreshAsync();

var greeting = "";
using var job = manager.StartJob(job =>
{
    var type = job.GetType("PackageConsumer.Module.Greeting");
    var instance = Activator.CreateInstance(type)!;
    greeting = (string)type.GetMethod("Greet")!.Invoke(instance, ["consumer"])!;
    return Task.CompletedTask;
});
await job;

Console.WriteLine($"Version {version.ShortId} ({version.Labels[ModuleLabels.PackageId]} {version.Labels[ModuleLabels.PackageVersion]}): {greeting}");
return greeting.StartsWith("Hello, consumer, from PackageConsumer.Module", StringComparison.Ordinal) ? 0 : 1;
