namespace Modulets;

/// <summary>Tells that new module content was rejected: the current version (if any) stays, and jobs keep starting on it.</summary>
/// <param name="location">Where the content came from: the modules folder, or the source's location.</param>
/// <param name="filePath">The file at fault, when one is.</param>
/// <param name="reason">What is wrong with the content.</param>
/// <param name="consequence">What the manager did instead (which version jobs keep starting on).</param>
public sealed class ModuleUpdateRejectedEventArgs(string location, string? filePath, string reason, string consequence) : EventArgs
{
    /// <summary>Gets where the content came from.</summary>
    public string Location { get; } = location;

    /// <summary>Gets the file at fault, when one is.</summary>
    public string? FilePath { get; } = filePath;

    /// <summary>Gets what is wrong with the content.</summary>
    public string Reason { get; } = reason;

    /// <summary>Gets what the manager did instead.</summary>
    public string Consequence { get; } = consequence;
}
