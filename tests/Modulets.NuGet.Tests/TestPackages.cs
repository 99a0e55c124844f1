using System.IO.Compression;
using System.Text;
using NuGet.Frameworks;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Versioning;

namespace Modulets.NuGet.Tests;

/// <summary>Packages a well-behaved pipeline would not produce, built with NuGet.Packaging (or by hand, where it refuses).</summary>
internal static class TestPackages
{
    /// <summary>Builds a package whose files are (copies of) a small assembly at the given package paths.</summary>
    public static string Build(string folder, string id, string version, string[] files, string? dependency = null)
    {
        var builder = new PackageBuilder
        {
            Id = id,
            Version = NuGetVersion.Parse(version),
            Description = "A test package.",
        };
        builder.Authors.Add("tests");
        var assembly = typeof(IMagic).Assembly.Location;
        foreach (var file in files)
        {
            builder.Files.Add(new PhysicalPackageFile { SourcePath = assembly, TargetPath = file });
        }

        if (dependency is not null)
        {
            builder.DependencyGroups.Add(new PackageDependencyGroup(
                NuGetFramework.Parse("net10.0"), [new PackageDependency(dependency, VersionRange.Parse("1.0.0"))]));
        }

        var path = Path.Combine(Path.GetTempPath(), "modulets-tests", $"{id}.{version}.{Guid.NewGuid():N}.nupkg");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var stream = File.Create(path))
        {
            builder.Save(stream);
        }

        return path;
    }

    /// <summary>Builds a package by hand, with one file at any path, however malicious.</summary>
    public static byte[] BuildRaw(string id, string version, string file)
    {
        using var content = new MemoryStream();
        using (var zip = new ZipArchive(content, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, $"{id}.nuspec", $"""
                <?xml version="1.0" encoding="utf-8"?>
                <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
                  <metadata><id>{id}</id><version>{version}</version><authors>tests</authors><description>A test package.</description></metadata>
                </package>
                """);
            Write(zip, file, "not really an assembly");
        }

        return content.ToArray();
    }

    private static void Write(ZipArchive zip, string name, string text)
    {
        using var entry = zip.CreateEntry(name).Open();
        entry.Write(Encoding.UTF8.GetBytes(text));
    }
}
