using System.Security.Cryptography;

namespace Modulets.NuGet.Tests;

/// <summary>
/// A local folder feed in the hierarchical (v3) layout, which <c>dotnet nuget push</c> keeps once a feed has it. It is
/// seeded with Json.NET, the dependency FeedModule needs, as a private feed that mirrors nuget.org would be.
/// </summary>
public sealed class LocalFeed : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "modulets-tests", "feed-" + Guid.NewGuid().ToString("N"));

    public static async Task<LocalFeed> WithAsync(params string[] packages)
    {
        var feed = new LocalFeed();
        var seed = System.IO.Path.Combine(feed.Path, "newtonsoft.json", "13.0.3");
        Directory.CreateDirectory(seed);
        foreach (var file in Directory.EnumerateFiles(FeedModulePackages.Newtonsoft).Where(file => file.EndsWith(".nupkg", StringComparison.Ordinal) || file.EndsWith(".sha512", StringComparison.Ordinal) || file.EndsWith(".nuspec", StringComparison.Ordinal)))
        {
            File.Copy(file, System.IO.Path.Combine(seed, System.IO.Path.GetFileName(file)));
        }

        foreach (var package in packages)
        {
            await feed.PushAsync(package);
        }

        return feed;
    }

    public Task PushAsync(string package) => DotNet.RunAsync(Path, "nuget", "push", package, "--source", Path);

    /// <summary>Puts a package file where the feed keeps that version, as a broken upload would, bypassing push (which would refuse it).</summary>
    public void Place(string packageId, string version, byte[] content, string nuspecFrom)
    {
        // Written aside and renamed into place, as a feed publishes a version: a poll never sees half of it.
        var id = packageId.ToLowerInvariant();
        var staging = System.IO.Path.Combine(Path, id, "." + version + ".tmp");
        Directory.CreateDirectory(staging);
        File.WriteAllBytes(System.IO.Path.Combine(staging, $"{id}.{version}.nupkg"), content);
        File.WriteAllText(System.IO.Path.Combine(staging, $"{id}.{version}.nupkg.sha512"), Convert.ToBase64String(SHA512.HashData(content)));
        File.WriteAllText(System.IO.Path.Combine(staging, $"{id}.nuspec"), File.ReadAllText(nuspecFrom).Replace("<version>1.0.0</version>", $"<version>{version}</version>", StringComparison.Ordinal));
        Directory.Move(staging, System.IO.Path.Combine(Path, id, version));
    }

    /// <summary>Gets the nuspec the feed holds for a pushed version.</summary>
    public string NuspecOf(string packageId, string version) =>
        System.IO.Path.Combine(Path, packageId.ToLowerInvariant(), version, packageId.ToLowerInvariant() + ".nuspec");

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
