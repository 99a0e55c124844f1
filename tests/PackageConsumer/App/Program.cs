using Modulets;
using Modulets.NuGet;
using PackageConsumer.Contracts;

// Usage: PackageConsumer.App <feed folder> <cache folder>
// Installs PackageConsumer.Module from the feed, waits for its first version, runs one job on it through the contract,
// and checks what the job returned.
if (args is not [var feed, var cache])
{
    Console.Error.WriteLine("usage: PackageConsumer.App <feed folder> <cache folder>");
    return 2;
}

var options = new ModuletOptions { ModulesPath = cache }.UseNuGetFeed(feed, "PackageConsumer.Module");
await using var manager = new ModuletManager(options);
using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(1));
var version = await manager.WaitForFirstVersionAsync(startup.Token);

var greeting = "";
using var job = manager.StartJob(job =>
{
    greeting = job.CreateInstance<IGreeting>("PackageConsumer.Module.Greeting").Greet("consumer");
    return Task.CompletedTask;
});
await job;

Console.WriteLine($"Version {version.ShortId} ({version.Labels[ModuleLabels.PackageId]} {version.Labels[ModuleLabels.PackageVersion]}): {greeting}");
return greeting.StartsWith("Hello, consumer, from PackageConsumer.Module", StringComparison.Ordinal) ? 0 : 1;
