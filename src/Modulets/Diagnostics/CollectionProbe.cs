using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace Modulets;

/// <summary>
/// The proof that an unloaded version was collected, from three signals: a weak reference to its context, weak
/// references to every assembly it loaded (both must die), and the runtime's unload event for each assembly (counted
/// and reported). When the version is not collected, it tells what is still loaded.
/// </summary>
internal sealed class CollectionProbe
{
    private readonly WeakReference _context;
    private readonly (string Name, WeakReference Assembly)[] _assemblies;
    private readonly DateTime _unloadedAt;
    private readonly List<string> _awaitingUnloadEvent;

    private CollectionProbe(WeakReference context, (string, WeakReference)[] assemblies)
    {
        _context = context;
        _assemblies = assemblies;
        _unloadedAt = DateTime.UtcNow;
        _awaitingUnloadEvent = [.. assemblies.Select(a => a.Item1)];
    }

    public bool IsCollected => !_context.IsAlive && _assemblies.All(a => !a.Assembly.IsAlive);

    public IReadOnlyList<string> StillLoaded => [.. _assemblies.Where(a => a.Assembly.IsAlive).Select(a => a.Name)];

    /// <summary>Gets the assemblies that are still alive (strongly, for as long as the caller holds the list).</summary>
    public IReadOnlyList<Assembly> LiveAssemblies => [.. _assemblies.Select(a => a.Assembly.Target).OfType<Assembly>()];

    /// <summary>
    /// Clears the framework caches that hold the context's types, unloads it and keeps only weak references to it; no
    /// local of this frame outlives the call.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static CollectionProbe Unload(AssemblyLoadContext context)
    {
        _ = AssemblyUnloadEvents.Instance;
        var loaded = context.Assemblies.ToArray();
        FrameworkCaches.ClearFor(loaded);
        var probe = new CollectionProbe(
            new WeakReference(context),
            [.. loaded.Select(assembly => (assembly.FullName?.Split(',', 2)[0] ?? "?", new WeakReference(assembly)))]);
        context.Unload();
        return probe;
    }

    /// <summary>Describes the three signals as they stand now.</summary>
    public string Describe()
    {
        var events = AssemblyUnloadEvents.Instance;
        int reported;
        lock (_awaitingUnloadEvent)
        {
            events.Claim(_awaitingUnloadEvent, _unloadedAt);
            reported = _assemblies.Length - _awaitingUnloadEvent.Count;
        }

        var collected = _assemblies.Count(a => !a.Assembly.IsAlive);
        return $"context {(_context.IsAlive ? "alive" : "collected")}, {collected} of {_assemblies.Length} assemblies collected, "
            + (events.IsAvailable ? $"runtime reported {reported} of {_assemblies.Length} assembly unloads" : "runtime unload events unavailable");
    }
}
