namespace Modulets.Diagnostics;

/// <summary>Where a heap snapshot is written, and whether it is kept.</summary>
public sealed class HeapSnapshotOptions
{
    /// <summary>Gets or sets the folder the target process writes the snapshot into (its user needs write access); by default a new folder in the temporary folder that only this user can read.</summary>
    public string? Directory { get; set; }

    /// <summary>Gets or sets a value indicating whether the snapshot is kept (for dotnet-dump or a debugger) instead of deleted once read.</summary>
    public bool Keep { get; set; }
}
