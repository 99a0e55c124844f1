using NuGet.Versioning;

namespace Modulets.NuGet;

/// <summary>A package version installed, with its dependencies, into a folder of the package cache, and the module package's SHA-512 hash (base64) when it is known.</summary>
internal sealed record InstalledPackage(NuGetVersion Version, string Folder, string? Hash);
