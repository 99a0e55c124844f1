namespace Modulets;

/// <summary>
/// Decides which assemblies of the modules folder each version loads privately (isolated, swappable) and which
/// come once from the host's default load context (shared).
/// </summary>
/// <remarks>
/// <para>
/// The <b>black list</b> (<see cref="Share"/>) names assemblies that are never isolated: the contract assemblies whose
/// types cross between the host and the jobs must be shared, or the host and the module would each see their own copy
/// of every type. The .NET shared framework is always shared. The <b>white list</b> (<see cref="Isolate"/>), when it
/// has entries, restricts isolation to the assemblies it matches; the black list wins over it.
/// </para>
/// <para>
/// Patterns are simple assembly names, matched without regard to case, with <c>*</c> as the only wildcard
/// (<c>Jobs.*</c>). The policy can be edited at any time from any thread; an edit applies to versions created
/// afterwards (by <see cref="ModuletManager.Refresh"/> or an update), never to running jobs.
/// </para>
/// </remarks>
public sealed class IsolationPolicy
{
    private readonly Lock _gate = new();
    private volatile IsolationRules _rules;

    /// <summary>Creates a policy that shares <see cref="DefaultShared"/> and isolates everything else.</summary>
    public IsolationPolicy()
    {
        _rules = new IsolationRules(
            [.. DefaultShared.Select(pattern => AssemblyNamePattern.Parse(pattern, nameof(pattern)))],
            []);
    }

    /// <summary>Gets the patterns a new policy shares besides the .NET shared framework.</summary>
    /// <value><c>Modulets</c> and <c>Microsoft.Extensions.*.Abstractions</c> (logging, dependency injection and the other abstractions host and modules talk through).</value>
    public static IReadOnlyList<string> DefaultShared { get; } = ["Modulets", "Microsoft.Extensions.*.Abstractions"];

    /// <summary>Gets the black list: patterns of assemblies that are never isolated.</summary>
    public IReadOnlyList<string> Shared => [.. _rules.Shared.Select(pattern => pattern.Pattern)];

    /// <summary>Gets the white list: when it has entries, only matching assemblies are isolated.</summary>
    public IReadOnlyList<string> Isolated => [.. _rules.Isolated.Select(pattern => pattern.Pattern)];

    /// <summary>Adds a pattern to the black list: matching assemblies are loaded once, from the default load context, and shared by the host and every version.</summary>
    /// <param name="pattern">A simple assembly name, or a pattern with <c>*</c> wildcards.</param>
    /// <returns>This policy, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="pattern"/> is empty or has characters that no assembly name has.</exception>
    public IsolationPolicy Share(string pattern) => Edit(pattern, nameof(pattern), add: true, toShared: true);

    /// <summary>Adds a pattern to the white list: once it has entries, only matching assemblies are isolated.</summary>
    /// <param name="pattern">A simple assembly name, or a pattern with <c>*</c> wildcards.</param>
    /// <returns>This policy, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="pattern"/> is empty or has characters that no assembly name has.</exception>
    public IsolationPolicy Isolate(string pattern) => Edit(pattern, nameof(pattern), add: true, toShared: false);

    /// <summary>Removes a pattern from the black list, including one of <see cref="DefaultShared"/>.</summary>
    /// <param name="pattern">The pattern exactly as it was added (case does not matter).</param>
    /// <returns>This policy, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="pattern"/> is empty or has characters that no assembly name has.</exception>
    public IsolationPolicy StopSharing(string pattern) => Edit(pattern, nameof(pattern), add: false, toShared: true);

    /// <summary>Removes a pattern from the white list.</summary>
    /// <param name="pattern">The pattern exactly as it was added (case does not matter).</param>
    /// <returns>This policy, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="pattern"/> is empty or has characters that no assembly name has.</exception>
    public IsolationPolicy StopIsolating(string pattern) => Edit(pattern, nameof(pattern), add: false, toShared: false);

    /// <summary>Tells whether an assembly found in the modules folder would be isolated by the policy as it is now.</summary>
    /// <param name="assemblyName">The simple name of the assembly.</param>
    /// <returns><see langword="true"/> when each version loads its own copy; <see langword="false"/> when it is shared.</returns>
    public bool IsIsolated(string assemblyName)
    {
        ArgumentException.ThrowIfNullOrEmpty(assemblyName);
        return _rules.IsIsolated(assemblyName);
    }

    /// <summary>
    /// Raised, on the thread that made the edit and after it took effect, each time a pattern is added to or removed
    /// from a list (an edit that changes nothing raises nothing). Every handler is called even if one throws; the edit
    /// then throws an <see cref="AggregateException"/> of what they threw, as <see cref="CancellationTokenSource.Cancel()"/> does.
    /// </summary>
    public event EventHandler<IsolationPolicyChangedEventArgs>? Changed;

    internal IsolationRules Rules => _rules;

    private IsolationPolicy Edit(string pattern, string parameterName, bool add, bool toShared)
    {
        var parsed = AssemblyNamePattern.Parse(pattern, parameterName);
        bool changed;
        lock (_gate)
        {
            var list = toShared ? _rules.Shared : _rules.Isolated;
            var existing = list.FirstOrDefault(p => p.IsSamePattern(parsed.Pattern));
            changed = add == existing is null;
            if (changed)
            {
                var edited = add ? list.Add(parsed) : list.Remove(existing!);
                _rules = toShared ? _rules with { Shared = edited } : _rules with { Isolated = edited };
            }
        }

        if (changed)
        {
            RaiseChanged(new IsolationPolicyChangedEventArgs(toShared ? IsolationList.Shared : IsolationList.Isolated, parsed.Pattern, add));
        }

        return this;
    }

    /// <summary>Calls every handler, even when one throws; what they threw comes after, together.</summary>
    private void RaiseChanged(IsolationPolicyChangedEventArgs change)
    {
        List<Exception>? failures = null;
        foreach (var handler in Changed?.GetInvocationList() ?? [])
        {
            try
            {
                ((EventHandler<IsolationPolicyChangedEventArgs>)handler)(this, change);
            }
            catch (Exception e)
            {
                (failures ??= []).Add(e);
            }
        }

        if (failures is not null)
        {
            throw new AggregateException($"The edit of the {change.List} list ({change.Pattern}) took effect, but {failures.Count} of the {nameof(Changed)} handlers threw.", failures);
        }
    }
}
