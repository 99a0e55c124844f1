namespace Modulets;

/// <summary>How the modules folder holds the module.</summary>
public enum ModuleFolderLayout
{
    /// <summary>The folder is the module: a build or publish output, updated in place. Validation and the quiet period protect against half-copied files.</summary>
    Flat,

    /// <summary>
    /// Each subfolder is one complete version and the newest (by natural order of names: <c>9</c> &lt; <c>10</c>,
    /// <c>1.2.9</c> &lt; <c>1.2.10</c>) is the module. Folders whose names start with <c>.</c> or <c>_</c> are ignored,
    /// so a new version is copied into <c>.incoming</c> and renamed into place in one atomic step: no job ever sees a
    /// mix of two builds.
    /// </summary>
    VersionedSubfolders,
}
