namespace Modulets.NuGet;

/// <summary>A package version cannot be installed: missing, corrupt, without assets for the framework, or with a missing dependency.</summary>
internal sealed class PackageInstallException(string message, Exception? innerException = null) : Exception(message, innerException);
