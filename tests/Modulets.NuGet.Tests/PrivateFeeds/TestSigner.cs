using System.IO.Compression;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NuGet.Packaging;
using NuGet.Versioning;

namespace Modulets.NuGet.Tests.PrivateFeeds;

/// <summary>
/// A code-signing certificate made at test time (self-signed, RSA 2048, the code-signing EKU), and the module packages
/// of the private-feed tests: built from a compiled module, signed with <c>dotnet nuget sign</c> as a team's CI would.
/// </summary>
public sealed class TestSigner
{
    public const string PackageId = "Private.Magic";
    private const string PfxPassword = "test-only";

    private TestSigner(string pfx, string fingerprint)
    {
        PfxPath = pfx;
        Fingerprint = fingerprint;
    }

    public string PfxPath { get; }

    /// <summary>Gets the certificate's SHA-256 fingerprint (hex), as <c>TrustedSigners</c> takes it.</summary>
    public string Fingerprint { get; }

    public static TestSigner Create(string folder, string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.3")], critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var pfx = Path.Combine(folder, $"{name.Replace(' ', '-')}.pfx");
        File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pfx, PfxPassword));
        return new TestSigner(pfx, certificate.GetCertHashString(HashAlgorithmName.SHA256));
    }

    /// <summary>Writes <c>Private.Magic {version}</c> into the folder: the magic module returning <paramref name="magic"/>.</summary>
    public static string Build(string folder, string version, int magic)
    {
        var dll = Path.Combine(folder, $"magic-{magic}.dll");
        File.WriteAllBytes(dll, TestModules.Magic(magic).Image);
        var package = new PackageBuilder { Id = PackageId, Version = NuGetVersion.Parse(version), Description = "A module on a private feed." };
        package.Authors.Add("tests");
        package.Files.Add(new PhysicalPackageFile { SourcePath = dll, TargetPath = "lib/net10.0/MagicModule.dll" });
        var target = Path.Combine(folder, $"{PackageId}.{version}.nupkg");
        using (var output = File.Create(target))
        {
            package.Save(output);
        }

        File.Delete(dll);
        return target;
    }

    public async Task<string> SignAsync(string package)
    {
        await DotNet.RunAsync(Path.GetDirectoryName(package)!, "nuget", "sign", package, "--certificate-path", PfxPath, "--certificate-password", PfxPassword, "--overwrite");
        return package;
    }

    /// <summary>Replaces the module inside a signed package with other bytes, leaving its signature as it was.</summary>
    public static void Tamper(string package, int magic)
    {
        using var zip = ZipFile.Open(package, ZipArchiveMode.Update);
        zip.GetEntry("lib/net10.0/MagicModule.dll")!.Delete();
        var entry = zip.CreateEntry("lib/net10.0/MagicModule.dll");
        using var stream = entry.Open();
        stream.Write(TestModules.Magic(magic).Image);
    }
}
