using System.Collections.Immutable;

namespace Modulets;

/// <summary>An immutable view of an <see cref="IsolationPolicy"/>, so one version is built from one consistent policy.</summary>
internal sealed record IsolationRules(ImmutableArray<AssemblyNamePattern> Shared, ImmutableArray<AssemblyNamePattern> Isolated)
{
    public bool IsIsolated(string assemblyName) =>
        !SharedFramework.Contains(assemblyName)
        && !Shared.Any(pattern => pattern.IsMatch(assemblyName))
        && (Isolated.IsEmpty || Isolated.Any(pattern => pattern.IsMatch(assemblyName)));

    /// <summary>Tells whether the white list names the assembly itself, not through a wildcard: an explicit entry, which inference never overrides.</summary>
    public bool NamesIsolated(string assemblyName) => Isolated.Any(pattern => pattern.IsSamePattern(assemblyName));
}
