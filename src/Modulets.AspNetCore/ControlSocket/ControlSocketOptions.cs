using Modulets.Control;
namespace Modulets.AspNetCore;

/// <summary>Where the control socket listens.</summary>
public sealed class ControlSocketOptions
{
    /// <summary>Gets or sets the folder of the socket, made owner-only (mode 0700) if the process owns it.</summary>
    /// <value><see cref="ControlSocketPaths.DefaultDirectory"/>, where <c>modulets ps</c> looks.</value>
    public string Directory { get; set; } = ControlSocketPaths.DefaultDirectory;
}
