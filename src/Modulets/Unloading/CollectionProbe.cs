using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace Modulets;

/// <summary>
/// The proof that an unloaded version was collected: a weak reference to its context and weak references to every
/// assembly it loaded, all of which must die. When the version is not collected, it tells what is still loaded.
/// </summary>
internal sealed class CollectionProbe
{
    private readonly WeakReference _context;
    private readonly (string Name, WeakReference Assembly)[] _assemblies;

    private CollectionProbe(WeakReference context, (string, WeakReference)[] assemblies)
    {
        _context = context;
        _assemblies = assemblies;
    }

    public bool IsCollected => !_context.IsAlive && _assemblies.All(a => !a.Assembly.IsAlive);

    public IReadOnlyList<string> StillLoaded => [.. _assemblies.Where(a => a.Assembly.IsAlive).Select(a => a.Name)];

    /// <summary>Gets the assemblies that are still alive (strongly, for as long as the caller holds the list).</summary>
    public IReadOnlyList<Assembly> LiveAssemblies => [.. _assemblies.Select(a => a.Assembly.Target).OfType<Assembly>()];

    /// <summary>
    /// Clears the framework caches that hold the context's types, unloads it and keeps only weak references to it; no
    /// local of this frame outlives the call.
    /// </summary>
    /// <remarks>The context is unloaded (and the probe made) even when clearing a cache fails: that failure is the caller's to log.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static CollectionProbe Unload(AssemblyLoadContext context, Action<Exception> cacheClearingFailed)
    {
        var loaded = context.Assemblies.ToArray();
        var probe = new CollectionProbe(
            new WeakReference(context),
            [.. loaded.Select(assembly => (assembly.FullName is { } name ? AssemblyNames.Simple(name) : "?", new WeakReference(assembly)))]);
        try
        {
            FrameworkCaches.ClearFor(new VersionMembership(loaded));
        }
        catch (Exception e)
        {
            cacheClearingFailed(e);
        }

        context.Unload();
        return probe;
    }

    /// <summary>Describes the weak references as they stand now.</summary>
    public string Describe()
    {
        var collected = _assemblies.Count(a => !a.Assembly.IsAlive);
        return $"context {(_context.IsAlive ? "alive" : "collected")}, {collected} of {_assemblies.Length} assemblies collected";
    }
}
