using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Modulets;

/// <summary>
/// The live part of a version: its load context and the types looked up in it. A <see cref="ModuleVersion"/> drops
/// it when it unloads, so that nothing Modulets holds keeps the version's code alive.
/// </summary>
internal sealed class LoadedVersion
{
    private readonly ConcurrentDictionary<string, Type> _types = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, Type> _implementations = new();
    private readonly ModuleSnapshot _snapshot;
    private readonly Lazy<ServiceProvider> _services;

    /// <summary>Creates the version's load context and builds its services; if that fails, <paramref name="unloadRejected"/> unloads the context again (and sees it proven collected or reported).</summary>
    /// <exception cref="ModuleLoadException">The module's start-up failed.</exception>
    public LoadedVersion(ModuleSnapshot snapshot, Func<LoadedVersion, Lazy<ServiceProvider>> buildServices, Action<ModuleLoadContext> unloadRejected)
    {
        _snapshot = snapshot;
        Context = new ModuleLoadContext(snapshot);
        try
        {
            _services = buildServices(this);
        }
        catch
        {
            unloadRejected(Context);
            throw;
        }
    }

    public ModuleLoadContext Context { get; }

    /// <summary>Gets or sets a flow that carries only this version's contextual reflection, shared by the jobs that start from an empty flow; it goes with the version when it unloads.</summary>
    public ExecutionContext? ReflectionFlow { get; set; }

    /// <summary>Gets the version's own service provider (built on first use when the module has no start-up), disposed when the version unloads.</summary>
    public ServiceProvider Services => _services.Value;

    /// <summary>Gets the provider if it was built, for disposal: one never asked for is never built just to be disposed.</summary>
    public ServiceProvider? BuiltServices => _services.IsValueCreated ? _services.Value : null;

    public ModuleSnapshot Snapshot => _snapshot;

    /// <summary>Finds a type by its full name, optionally assembly-qualified; names without an assembly are searched in the version's assemblies.</summary>
    public Type? FindType(string typeName)
    {
        if (_types.TryGetValue(typeName, out var cached))
        {
            return cached;
        }

        var type = Type.GetType(typeName, ResolveAssembly, ResolveType, throwOnError: false);
        return type is null ? null : _types.GetOrAdd(typeName, type);
    }

    /// <summary>Finds the version's implementation of a contract once, with <paramref name="find"/>; what it throws is not remembered.</summary>
    public Type GetImplementation(Type contract, Func<Type, LoadedVersion, Type> find) => _implementations.GetOrAdd(contract, find, this);

    public string DescribeSearch() =>
        $"version {_snapshot.ShortId} of '{_snapshot.Location}' (assemblies searched: {string.Join(", ", _snapshot.Assemblies.Where(a => a.Culture.Length == 0).Select(a => a.Name))})";

    private Assembly? ResolveAssembly(AssemblyName name)
    {
        try
        {
            return Context.LoadFromAssemblyName(name);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private Type? ResolveType(Assembly? assembly, string name, bool ignoreCase)
    {
        if (assembly is not null)
        {
            return assembly.GetType(name, throwOnError: false, ignoreCase);
        }

        // Only the assembly that defines the type is loaded: searching must not load the others.
        foreach (var image in _snapshot.Assemblies.Where(image => image.Culture.Length == 0 && image.DefinesType(name, ignoreCase)))
        {
            var type = ResolveAssembly(new AssemblyName(image.Name))?.GetType(name, throwOnError: false, ignoreCase);
            if (type is not null)
            {
                return type;
            }
        }

        // Generic definitions such as System.Collections.Generic.List`1 name no assembly either.
        return typeof(object).Assembly.GetType(name, throwOnError: false, ignoreCase);
    }
}
