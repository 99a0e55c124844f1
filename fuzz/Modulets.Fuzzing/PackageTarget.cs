using NuGet.Frameworks;
using NuGet.Packaging.Core;
using Modulets.NuGet;
using NuGet.Versioning;

namespace Modulets.Fuzzing;

/// <summary>
/// A module package from a feed: extracted into its staging folder, and checked by a feed that requires signed packages.
/// Each is done, or refused with a <see cref="PackageInstallException"/> that gives a reason; anything else escaping, or
/// a file written outside the staging folder, is a finding.
/// </summary>
internal sealed class PackageTarget
{
    private static readonly PackageIdentity s_identity = new("FeedModule", NuGetVersion.Parse("1.0.0"));

    private readonly string _staging;
    private readonly PackageInstaller _installer;
    private readonly PackageTrust _trust;

    public PackageTarget(string sandbox)
    {
        _staging = Path.Combine(sandbox, "staging");
        var options = new NuGetFeedOptions { Source = sandbox, PackageId = s_identity.Id, RequireSignedPackages = true };
        _trust = new PackageTrust(options);
        _installer = new PackageInstaller([], NuGetFramework.Parse("net10.0"), ["linux-x64", "linux", "unix", "any"], new PackageCache(Path.Combine(sandbox, "cache"), s_identity.Id), _trust, global::NuGet.Common.NullLogger.Instance);
    }

    public void Run(Stream input)
    {
        using var buffer = new MemoryStream();
        input.CopyTo(buffer);
        var bytes = buffer.ToArray();
        if (Directory.Exists(_staging))
        {
            Directory.Delete(_staging, recursive: true);
        }

        var module = Directory.CreateDirectory(Path.Combine(_staging, "module")).FullName;
        try
        {
            _installer.Extract(s_identity, bytes, module, isModule: true);
        }
        catch (PackageInstallException e) when (!string.IsNullOrWhiteSpace(e.Message))
        {
            // Refused, with its reason.
        }

        try
        {
            _trust.VerifyAsync(s_identity, bytes, isModule: true, "the fuzzer", CancellationToken.None).GetAwaiter().GetResult();
            throw new InvalidOperationException("An unsigned package passed the signature check.");
        }
        catch (PackageInstallException e) when (!string.IsNullOrWhiteSpace(e.Message))
        {
            // Refused, with its reason.
        }

        if (Directory.EnumerateFileSystemEntries(_staging).FirstOrDefault(entry => entry != module) is { } outside)
        {
            throw new InvalidOperationException($"The package wrote outside its staging folder: {outside}.");
        }
    }
}
