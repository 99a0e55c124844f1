namespace Modulets.Control;

/// <summary>New content was rejected; the current version stays.</summary>
/// <param name="Manager">The manager's name.</param>
/// <param name="Location">Where the content came from.</param>
/// <param name="FilePath">The file at fault, when one is.</param>
/// <param name="Reason">What is wrong with it.</param>
/// <param name="Consequence">What the manager did instead.</param>
public sealed record UpdateRejectedEvent(string Manager, string Location, string? FilePath, string Reason, string Consequence);
