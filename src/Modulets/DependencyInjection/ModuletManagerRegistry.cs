using Microsoft.Extensions.DependencyInjection;

namespace Modulets;

/// <summary>The managers a host registered with <c>AddModulets</c>, by name: what a host's start, a console or a dashboard goes through.</summary>
public sealed class ModuletManagerRegistry
{
    /// <summary>The name of the manager that <c>AddModulets(configure)</c> registers, and that an unkeyed <see cref="ModuletManager"/> resolves to.</summary>
    public const string DefaultName = "default";

    private readonly IServiceProvider _services;

    internal ModuletManagerRegistry(IServiceProvider services, IEnumerable<ModuletManagerName> names)
    {
        _services = services;
        Names = [.. names.Select(name => name.Value).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Gets the names of the registered managers, in the order they were registered.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Gets every registered manager (creating those not resolved yet).</summary>
    public IEnumerable<ModuletManager> Managers => Names.Select(Get);

    /// <summary>Gets a registered manager by name.</summary>
    /// <param name="name">The name given to <c>AddModulets</c>.</param>
    /// <returns>The manager.</returns>
    /// <exception cref="KeyNotFoundException">No manager has that name; the message lists the names there are.</exception>
    public ModuletManager Get(string name) =>
        TryGet(name, out var manager)
            ? manager
            : throw new KeyNotFoundException($"No Modulets manager is named '{name}'; this host has {string.Join(", ", Names.Select(n => $"'{n}'"))}.");

    /// <summary>Gets a registered manager by name, if there is one.</summary>
    /// <param name="name">The name given to <c>AddModulets</c>.</param>
    /// <param name="manager">The manager, or <see langword="null"/>.</param>
    /// <returns>Whether a manager has that name.</returns>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ModuletManager? manager)
    {
        manager = Names.Contains(name, StringComparer.Ordinal) ? _services.GetRequiredKeyedService<ModuletManager>(name) : null;
        return manager is not null;
    }
}
