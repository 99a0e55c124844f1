namespace Modulets.Control;

/// <summary>A control socket found in a folder: the process that listens on it, and its path.</summary>
/// <param name="ProcessId">The id of the process, from the socket's file name.</param>
/// <param name="Path">The full path of the socket.</param>
public sealed record ControlSocketAddress(int ProcessId, string Path);
