namespace Modulets;

/// <summary>The keys of the <see cref="ModuleVersion.Labels"/> that Modulets' own sources set.</summary>
public static class ModuleLabels
{
    /// <summary>The name of the versioned subfolder a version was read from (<see cref="ModuleFolderLayout.VersionedSubfolders"/>).</summary>
    public const string Folder = "folder";

    /// <summary>The id of the package a version was installed from.</summary>
    public const string PackageId = "package.id";

    /// <summary>The version of the package a version was installed from.</summary>
    public const string PackageVersion = "package.version";

    /// <summary>The label with the module package's SHA-512 hash (base64, as feeds report it), from a NuGet feed.</summary>
    public const string PackageHash = "package.hash";
}
