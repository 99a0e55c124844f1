using NuGet.Packaging;
using NuGet.Versioning;

namespace Modulets.TestUtilities;

/// <summary>Publishes a compiled module as a package to a local folder feed, as a team's CI would: the package is written whole, then moved in, so a polling server never sees half of it.</summary>
public static class FolderFeed
{
    /// <summary>Packs <paramref name="module"/> (its assembly as <c>lib/net10.0</c>) as <paramref name="packageId"/> <paramref name="version"/> into <paramref name="feed"/>.</summary>
    public static void Publish(string feed, string packageId, string version, CompiledModule module, string description)
    {
        var dll = Path.Combine(Path.GetTempPath(), $"{packageId}-{version}-{Guid.NewGuid():N}.dll");
        File.WriteAllBytes(dll, module.Image);
        try
        {
            var package = new PackageBuilder { Id = packageId, Version = NuGetVersion.Parse(version), Description = description };
            package.Authors.Add("Modulets tests");
            package.Files.Add(new PhysicalPackageFile { SourcePath = dll, TargetPath = $"lib/net10.0/{packageId}.dll" });
            var target = Path.Combine(feed, $"{packageId}.{version}.nupkg");
            using (var output = File.Create(target + ".tmp"))
            {
                package.Save(output);
            }

            File.Move(target + ".tmp", target);
        }
        finally
        {
            File.Delete(dll);
        }
    }
}
