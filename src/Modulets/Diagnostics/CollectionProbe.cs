using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace Modulets;

/// <summary>
/// Weak references to an unloaded context and to every assembly it loaded: the proof that a version was collected,
/// or the list of what is still loaded when it was not.
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

    /// <summary>Unloads the context and keeps only weak references to it; no local of this frame outlives the call.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static CollectionProbe Unload(AssemblyLoadContext context)
    {
        var assemblies = context.Assemblies
            .Select(assembly => (assembly.GetName().Name ?? assembly.FullName ?? "?", new WeakReference(assembly)))
            .ToArray();
        var probe = new CollectionProbe(new WeakReference(context), assemblies);
        context.Unload();
        return probe;
    }
}
