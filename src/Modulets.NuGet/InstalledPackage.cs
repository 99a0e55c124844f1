using NuGet.Versioning;

namespace Modulets.NuGet;

/// <summary>A package version installed, with its dependencies, into a folder of the package cache.</summary>
internal sealed record InstalledPackage(NuGetVersion Version, string Folder);
