using System.Reflection;

namespace Modulets.NuGet.Tests;

/// <summary>The FeedModule fixture project packed once per test run, with <c>dotnet pack</c>, in the versions the tests publish.</summary>
public sealed class FeedModulePackages : IAsyncLifetime
{
    public static readonly string[] Versions = ["1.0.0", "1.1.0", "1.2.0-beta"];

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "modulets-tests", "packages-" + Guid.NewGuid().ToString("N"));

    /// <summary>Gets the folder of the Json.NET package FeedModule depends on, in the machine's global packages folder (a v3 folder feed).</summary>
    public static string Newtonsoft => Path.Combine(Metadata("NuGetPackageRoot"), "newtonsoft.json", "13.0.3");

    public string this[string version] => Path.Combine(Folder, $"FeedModule.{version}.nupkg");

    public async Task InitializeAsync()
    {
        var project = Metadata("FeedModuleProject");
        foreach (var version in Versions)
        {
            await DotNet.RunAsync(Path.GetDirectoryName(project)!, "pack", project, "-c", "Release", $"-p:FeedModuleVersion={version}", "-o", Folder);
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }

    private static string Metadata(string key) =>
        typeof(FeedModulePackages).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
