using NuGet.Versioning;

namespace Modulets.NuGet;

/// <summary>
/// The installed versions of one package, under the modules path: each in a folder named by its version and content
/// hash, completed by a <c>&lt;version&gt;.ready</c> marker written last (the folder's name, the package's hash, and the trusted signer it was verified against). A restarted server finds them there and
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
    public InstalledPackage MarkReady(NuGetVersion version, string folder, string hash, string? signer)
    {
        var marker = Path.Combine(Root, version.ToNormalizedString() + ReadyExtension);
        var staging = marker + "." + Guid.NewGuid().ToString("N");
        File.WriteAllLines(staging, [Path.GetFileName(folder), hash, signer ?? string.Empty]);
        File.Move(staging, marker, overwrite: true);
        return new InstalledPackage(version, folder, hash, signer);
    }

    private InstalledPackage? ReadMarker(string marker, NuGetVersion version)
    {
        try
        {
            var lines = File.ReadAllLines(marker);
            if (lines.Length == 0 || lines[0].Trim().Length == 0)
            {
                return null; // an empty marker: not a complete install
            }

            var folder = Path.Combine(Root, lines[0].Trim());
            string? Line(int index) => lines.Length > index && lines[index].Trim() is { Length: > 0 } value ? value : null;
            return Directory.Exists(folder) ? new InstalledPackage(version, folder, Line(1), Line(2)) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
