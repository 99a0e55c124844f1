namespace Modulets;

/// <summary>One of the two lists of an <see cref="IsolationPolicy"/>.</summary>
public enum IsolationList
{
    /// <summary>The black list: assemblies that are never isolated (<see cref="IsolationPolicy.Shared"/>).</summary>
    Shared,

    /// <summary>The white list: when it has entries, only the assemblies it matches are isolated (<see cref="IsolationPolicy.Isolated"/>).</summary>
    Isolated,
}
