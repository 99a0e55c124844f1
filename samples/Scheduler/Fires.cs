using System.Collections.Concurrent;

namespace Scheduler;

/// <summary>Each fire as the module reports it: the job, the module's build, the version it ran on.</summary>
public static class Fires
{
    private static readonly ConcurrentQueue<Fire> s_fires = new();

    public static IReadOnlyList<Fire> All => [.. s_fires];

    public static void Record(string job, int build, string? version)
    {
        s_fires.Enqueue(new Fire(job, build, version));
        Console.WriteLine($"  {DateTime.Now:HH:mm:ss} {job,-10} ran on build {build} (version {version?[..12]})");
    }
}

/// <summary>One fire.</summary>
public sealed record Fire(string Job, int Build, string? Version);
