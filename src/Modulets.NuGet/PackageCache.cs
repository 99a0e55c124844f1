using NuGet.Versioning;

namespace Modulets.NuGet;

/// <summary>
/// The installed versions of one package, under the modules path: each in a folder named by its version and content
/// hash, completed by a <c>&lt;version&gt;.ready</c> marker written last (the folder's name, then the package's hash). A restarted server finds them there and
/// needs neither the feed nor a download to start jobs.
/// </summary>
internal sealed class PackageCache(string modulesPath, string packageId)
{
    private const string ReadyExtension = ".ready";

    public string Root { get; } = Path.Combine(modulesPath, packageId.ToLowerInvariant());

    public InstalledPackage? Find(NuGetVersion version) =>
        ReadMarker(Path.Combine(Root, version.ToNormalizedString() + ReadyExtension), version);

    public IEnumerable<InstalledPackage> All() =>
        Directory.Exists(Root)
            ? Directory.EnumerateFiles(Root, "*" + ReadyExtension)
                .Select(marker => NuGetVersion.TryParse(Path.GetFileNameWithoutExtension(marker), out var version) ? ReadMarker(marker, version) : null)
                .OfType<InstalledPackage>()
            : [];

    /// <summary>Records an installed folder; the marker is renamed into place so it is either absent or complete.</summary>
    public InstalledPackage MarkReady(NuGetVersion version, string folder, string hash)
    {
        var marker = Path.Combine(Root, version.ToNormalizedString() + ReadyExtension);
        var staging = marker + "." + Guid.NewGuid().ToString("N");
        File.WriteAllLines(staging, [Path.GetFileName(folder), hash]);
        File.Move(staging, marker, overwrite: true);
        return new InstalledPackage(version, folder, hash);
    }

    private InstalledPackage? ReadMarker(string marker, NuGetVersion version)
    {
        try
        {
            var lines = File.ReadAllLines(marker);
            var folder = Path.Combine(Root, lines[0].Trim());
            return Directory.Exists(folder) ? new InstalledPackage(version, folder, lines.Length > 1 ? lines[1].Trim() : null) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
