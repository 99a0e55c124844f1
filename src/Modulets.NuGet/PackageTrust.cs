using System.Security.Cryptography;
using NuGet.Common;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Packaging.Signing;

namespace Modulets.NuGet;

/// <summary>
/// Decides whether a downloaded package may be installed: the module package's pinned SHA-512 hash, and, with
/// <see cref="NuGetFeedOptions.RequireSignedPackages"/>, a valid signature (the content untouched since it was signed)
/// by a certificate in <see cref="NuGetFeedOptions.TrustedSigners"/>. The fingerprint is the trust: a self-signed
/// certificate is accepted when it is on the list, and no certificate is accepted that is not.
/// </summary>
internal sealed class PackageTrust(NuGetFeedOptions options)
{
    private static readonly SignedPackageVerifierSettings s_settings = new(
        allowUnsigned: false,
        allowIllegal: false,
        allowUntrusted: true, // trust comes from the fingerprints, not from the machine's root store
        allowIgnoreTimestamp: true,
        allowMultipleTimestamps: true,
        allowNoTimestamp: true,
        allowUnknownRevocation: true,
        reportUnknownRevocation: false,
        verificationTarget: VerificationTarget.All,
        signaturePlacement: SignaturePlacement.Any,
        repositoryCountersignatureVerificationBehavior: SignatureVerificationBehavior.IfExists,
        revocationMode: RevocationMode.Offline);

    /// <summary>Tells whether a certificate fingerprint (hex, colons allowed) is one of <see cref="NuGetFeedOptions.TrustedSigners"/>.</summary>
    public bool IsTrustedSigner(string? fingerprint) =>
        fingerprint is not null && options.TrustedSigners.Any(trusted => string.Equals(Normalize(trusted), Normalize(fingerprint), StringComparison.OrdinalIgnoreCase));

    /// <summary>Tells whether an installed package may serve: installed from the pinned bytes, and, when signatures are required, signed by a signer trusted now.</summary>
    public bool AllowsInstalled(InstalledPackage package) =>
        (options.PackageHash is not { } pinned || string.Equals(package.Hash, pinned.Trim(), StringComparison.Ordinal))
        && (!options.RequireSignedPackages || IsTrustedSigner(package.Signer));

    private static string Normalize(string fingerprint) => fingerprint.Replace(":", string.Empty, StringComparison.Ordinal).Trim();

    /// <summary>Computes the package's SHA-512 hash (base64), as feeds report it.</summary>
    public static string Hash(byte[] content) => Convert.ToBase64String(SHA512.HashData(content));

    /// <summary>Checks a package; returns the trusted signer's fingerprint when signatures are required, else <see langword="null"/>.</summary>
    /// <exception cref="PackageInstallException">The package must not be installed; the message names it, its version and why.</exception>
    public async Task<string?> VerifyAsync(PackageIdentity package, byte[] content, bool isModule, string source, CancellationToken cancellationToken)
    {
        try
        {
            return await VerifyCoreAsync(package, content, isModule, source, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (CorruptPackage.Is(e))
        {
            throw new PackageInstallException($"Refused {package.Id} {package.Version.ToNormalizedString()} from {source}: it is not a valid package ({e.GetType().Name}: {e.Message}).", e);
        }
    }

    private async Task<string?> VerifyCoreAsync(PackageIdentity package, byte[] content, bool isModule, string source, CancellationToken cancellationToken)
    {
        var name = $"{package.Id} {package.Version.ToNormalizedString()} from {source}";
        if (isModule && options.PackageHash is { } pinned && !string.Equals(Hash(content), pinned.Trim(), StringComparison.Ordinal))
        {
            throw new PackageInstallException($"Refused {name}: its SHA-512 hash is {Hash(content)}, not the pinned {pinned.Trim()} (the feed holds other bytes under this version).");
        }

        if (!options.RequireSignedPackages)
        {
            return null;
        }

        using var reader = new PackageArchiveReader(new MemoryStream(content, writable: false));
        if (!await reader.IsSignedAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new PackageInstallException($"Refused {name}: it is not signed, and only packages signed by a trusted signer are installed.");
        }

        var verifier = new PackageSignatureVerifier([new IntegrityVerificationProvider(), new SignatureTrustAndValidityVerificationProvider()]);
        var result = await verifier.VerifySignaturesAsync(reader, s_settings, cancellationToken).ConfigureAwait(false);
        if (!result.IsValid)
        {
            var reasons = result.Results.SelectMany(r => r.Issues).Where(issue => issue.Level == LogLevel.Error).Select(issue => $"{issue.Code}: {issue.Message}").Distinct();
            throw new PackageInstallException($"Refused {name}: its signature is not valid ({string.Join("; ", reasons)}).");
        }

        // NuGet's own allow list only warns when untrusted roots are allowed: the fingerprints are checked here, as errors.
        var signature = await reader.GetPrimarySignatureAsync(cancellationToken).ConfigureAwait(false);
        var signers = new[] { signature!.SignerInfo.Certificate, RepositoryCountersignature.GetRepositoryCountersignature(signature)?.SignerInfo.Certificate }
            .OfType<System.Security.Cryptography.X509Certificates.X509Certificate2>()
            .Select(certificate => certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256))
            .ToList();
        return signers.FirstOrDefault(IsTrustedSigner)
            ?? throw new PackageInstallException($"Refused {name}: it is signed by a certificate that is not a trusted signer (SHA-256 {string.Join(", ", signers)}).");
    }
}
