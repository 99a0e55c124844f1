using NuGet.Versioning;

namespace Modulets.NuGet;

/// <summary>A package version installed, with its dependencies, into a folder of the package cache; the module package's SHA-512 hash (base64) and the trusted signer it was verified against, when they are known.</summary>
internal sealed record InstalledPackage(NuGetVersion Version, string Folder, string? Hash, string? Signer);
