namespace Modulets.Control;

/// <summary>The two lists of a manager's <see cref="IsolationPolicy"/>.</summary>
/// <param name="Shared">The black list: patterns of assemblies that are never isolated.</param>
/// <param name="Isolated">The white list: when it has entries, only matching assemblies are isolated.</param>
public sealed record IsolationStatus(IReadOnlyList<string> Shared, IReadOnlyList<string> Isolated)
{
    /// <summary>Reads a policy.</summary>
    /// <param name="policy">The policy.</param>
    /// <returns>Its lists now.</returns>
    public static IsolationStatus From(IsolationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new(policy.Shared, policy.Isolated);
    }
}
