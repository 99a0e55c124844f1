namespace Modulets.Control;

/// <summary>A pattern was added to or removed from a list.</summary>
/// <param name="Manager">The manager's name.</param>
/// <param name="List">The list that changed.</param>
/// <param name="Pattern">The pattern.</param>
/// <param name="Added">Whether it was added (or removed).</param>
/// <param name="Isolation">Both lists after the edit.</param>
public sealed record IsolationChangedEvent(string Manager, IsolationList List, string Pattern, bool Added, IsolationStatus Isolation);
