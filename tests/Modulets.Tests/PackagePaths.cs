using System.Reflection;

namespace Modulets.Tests;

/// <summary>Paths of the package assemblies the test project downloads (see the PackageDownload items of the project).</summary>
internal static class PackagePaths
{
    public static string NewtonsoftOld => Get("NewtonsoftOld");

    public static string NewtonsoftNew => Get("NewtonsoftNew");

    private static string Get(string key)
    {
        var path = typeof(PackagePaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
        File.Exists(path).Should().BeTrue($"the package download '{key}' should be at {path}");
        return path;
    }
}
