namespace Modulets.Control;

/// <summary>A version moved in its life cycle.</summary>
/// <param name="Manager">The manager's name.</param>
/// <param name="State">The state the version entered.</param>
/// <param name="Version">The version, read when the event was sent (its state may have moved on since).</param>
public sealed record VersionStateChangedEvent(string Manager, ModuleVersionState State, VersionStatus Version);
