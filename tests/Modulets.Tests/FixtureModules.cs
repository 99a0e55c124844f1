using System.Reflection;

namespace Modulets.Tests;

/// <summary>The build outputs of the fixture module projects under <c>tests/Fixtures</c>, which the test project builds first.</summary>
internal static class FixtureModules
{
    public static string Sqlite => OutputOf("SqliteModule");

    public static string JsonWithNewtonsoft12 => OutputOf("JsonModule12");

    public static string JsonWithNewtonsoft13 => OutputOf("JsonModule13");

    /// <summary>The library catalogue: one probe per library .NET shops use (Polly, EF Core, XmlSerializer, ...).</summary>
    public static string Libraries => OutputOf("LibraryModule");

    private static string OutputOf(string project)
    {
        var path = Path.Combine(Metadata("Fixtures"), project, Metadata("FixtureOutput"));
        Directory.Exists(path).Should().BeTrue($"the fixture module '{project}' should have been built into {path}");
        return path;
    }

    private static string Metadata(string key) =>
        typeof(FixtureModules).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
