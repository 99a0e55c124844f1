namespace Modulets;

/// <summary>Tells that a pattern was added to, or removed from, one list of an <see cref="IsolationPolicy"/>.</summary>
/// <param name="list">The list that changed.</param>
/// <param name="pattern">The pattern added or removed.</param>
/// <param name="added"><see langword="true"/> when the pattern was added; <see langword="false"/> when it was removed.</param>
public sealed class IsolationPolicyChangedEventArgs(IsolationList list, string pattern, bool added) : EventArgs
{
    /// <summary>Gets the list that changed.</summary>
    public IsolationList List { get; } = list;

    /// <summary>Gets the pattern added or removed.</summary>
    public string Pattern { get; } = pattern;

    /// <summary>Gets whether the pattern was added (<see langword="true"/>) or removed.</summary>
    public bool Added { get; } = added;
}
