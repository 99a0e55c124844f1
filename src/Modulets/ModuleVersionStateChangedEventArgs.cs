namespace Modulets;

/// <summary>Tells that a version moved in its life cycle.</summary>
/// <param name="version">The version.</param>
/// <param name="state">The state it entered (its <see cref="ModuleVersion.State"/> may have moved on since).</param>
public sealed class ModuleVersionStateChangedEventArgs(ModuleVersion version, ModuleVersionState state) : EventArgs
{
    /// <summary>Gets the version.</summary>
    public ModuleVersion Version { get; } = version;

    /// <summary>Gets the state the version entered.</summary>
    public ModuleVersionState State { get; } = state;
}
