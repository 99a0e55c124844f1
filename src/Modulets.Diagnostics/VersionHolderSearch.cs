using Microsoft.Diagnostics.Runtime;

namespace Modulets.Diagnostics;

/// <summary>
/// Finds, in a heap snapshot, what holds a version: a breadth-first walk from every GC root (the host's static fields
/// first, so that a path starts at the field a person would name) that stops at the first object of the version, so
/// each path ends where host memory reaches into the version. The version's objects are its load context, its
/// collectible loader allocator, and every object whose type that allocator loaded (the module's own types and
/// generic instantiations over them). Every path starts outside the version: the runtime lists the version's own
/// statics (kept by its allocator) as roots too, and a path from one of them explains nothing, so those are left out.
/// </summary>
internal sealed class VersionHolderSearch
{
    private const string LoadContextType = "Modulets.ModuleLoadContext";
    private const string LoadContextPrefix = "Modulets version ";
    private const int MaxPaths = 20;

    private readonly ClrRuntime _runtime;
    private readonly ClrHeap _heap;
    private readonly HashSet<ulong> _targets;
    private readonly HashSet<ulong> _allocators;
    private readonly ulong _loadContext;
    private readonly Dictionary<ulong, bool> _ofTheVersionByMethodTable = [];
    private readonly CancellationToken _cancellationToken;
    private HashSet<ulong>? _versionStatics;

    private VersionHolderSearch(ClrRuntime runtime, FoundVersion version, CancellationToken cancellationToken)
    {
        _runtime = runtime;
        _heap = runtime.Heap;
        _allocators = version.Allocators;
        _loadContext = version.LoadContext;
        _targets = [version.LoadContext, .. version.Allocators];
        _cancellationToken = cancellationToken;
    }

    /// <summary>Searches the snapshot for the versions whose id starts with <paramref name="versionId"/> (usually one; several when a prefix is ambiguous or a version was reloaded).</summary>
    /// <exception cref="HeapSnapshotException">The snapshot cannot be read.</exception>
    public static IReadOnlyList<VersionHolders> Find(string dumpPath, string versionId, CancellationToken cancellationToken)
    {
        try
        {
            using var target = DataTarget.LoadDump(dumpPath);
            using var runtime = CreateRuntime(target.ClrVersions.Single());
            return [.. FindVersions(runtime, versionId).Select(version => new VersionHolderSearch(runtime, version, cancellationToken).Describe(version))];
        }
        catch (Exception e) when (e is not OperationCanceledException and not HeapSnapshotException)
        {
            throw new HeapSnapshotException($"The heap snapshot could not be read ({e.GetType().Name}: {e.Message}).", e);
        }
    }

    /// <summary>
    /// Opens the snapshot with the data access library of the runtime that wrote it, from this machine's installation.
    /// A dump written through the diagnostics port does not carry the runtime's version resource, so ClrMD's own lookup
    /// refuses the library as mismatched; the one beside the runtime's own file is the right one by construction.
    /// </summary>
    private static ClrRuntime CreateRuntime(ClrInfo clr)
    {
        var local = Path.Combine(Path.GetDirectoryName(clr.ModuleInfo.FileName) ?? string.Empty, OperatingSystem.IsWindows() ? "mscordaccore.dll" : "libmscordaccore.so");
        return File.Exists(local) ? clr.CreateRuntime(local, ignoreMismatch: true) : clr.CreateRuntime();
    }

    /// <summary>The load contexts named after the version, with the loader allocators and the assemblies of their types.</summary>
    private static List<FoundVersion> FindVersions(ClrRuntime runtime, string versionId)
    {
        var found = new Dictionary<ulong, FoundVersion>();
        foreach (var context in runtime.Heap.EnumerateObjects().Where(o => o.Type?.Name == LoadContextType))
        {
            if (context.ReadStringField("_name") is { } name && name.StartsWith(LoadContextPrefix, StringComparison.Ordinal)
                && Matches(name[LoadContextPrefix.Length..], versionId))
            {
                found[context.Address] = new FoundVersion(name, context.Address, [], []);
            }
        }

        foreach (var module in runtime.EnumerateModules())
        {
            var type = module.EnumerateTypeDefToMethodTableMap()
                .Select(entry => runtime.Heap.GetTypeByMethodTable(entry.MethodTable))
                .FirstOrDefault(t => t is not null);
            if (type is { IsCollectible: true } && found.TryGetValue(type.AssemblyLoadContextAddress, out var version) && AllocatorObject(runtime, type) is var allocator and not 0)
            {
                version.Allocators.Add(allocator);
                version.Assemblies.Add(Path.GetFileName(module.Name ?? module.AssemblyName ?? "?"));
            }
        }

        return [.. found.Values];
    }

    /// <summary>Whether a load context's short id and the id asked for are one version: either is a prefix of the other, at least 4 characters long.</summary>
    private static bool Matches(string shortId, string versionId) =>
        versionId.Length >= 4
        && (shortId.StartsWith(versionId, StringComparison.OrdinalIgnoreCase) || versionId.StartsWith(shortId, StringComparison.OrdinalIgnoreCase));

    private static ulong AllocatorObject(ClrRuntime runtime, ClrType type) =>
        type.LoaderAllocatorHandle == 0 ? 0 : runtime.DataTarget.DataReader.ReadPointer(type.LoaderAllocatorHandle);

    private VersionHolders Describe(FoundVersion version)
    {
        var (paths, truncated) = FindPaths();
        return new(version.Name, version.Assemblies, paths, truncated, ThreadsInTheVersion());
    }

    private (List<RootPath> Paths, bool Truncated) FindPaths()
    {
        var parents = new Dictionary<ulong, ulong>();
        var rootOf = new Dictionary<ulong, string>();
        var queue = new Queue<ClrObject>();
        var paths = new List<RootPath>();
        var holders = new HashSet<(ulong Holder, string? Root)>();
        var heldByNamedStatics = new HashSet<ulong>();
        var truncated = false;

        foreach (var (root, label) in Roots())
        {
            if (rootOf.TryAdd(root.Address, label) || IsOfTheVersion(root))
            {
                Visit(root, parent: 0, label);
            }
        }

        for (var walked = 0; queue.Count > 0; walked++)
        {
            if (walked % 100_000 == 0)
            {
                _cancellationToken.ThrowIfCancellationRequested();
            }

            var current = queue.Dequeue();
            foreach (var reference in current.EnumerateReferences(carefully: true, considerDependantHandles: true))
            {
                Visit(reference, current.Address, root: null);
            }
        }

        return (paths, truncated);

        // An object of the version ends a path and is never walked; each holder of one (an object, or a root that is
        // one itself) gives its own path, so one module object held from two places shows both.
        void Visit(ClrObject item, ulong parent, string? root)
        {
            if (!item.IsValid || item.IsNull)
            {
                return;
            }

            if (IsOfTheVersion(item))
            {
                if (IsTheRuntimesOwn(item, parent, root))
                {
                    return;
                }

                if (parent == 0 && root!.StartsWith("static ", StringComparison.Ordinal))
                {
                    heldByNamedStatics.Add(item.Address);
                }

                if (holders.Add((parent, parent == 0 ? root : null)))
                {
                    truncated |= paths.Count == MaxPaths;
                    if (!truncated)
                    {
                        paths.Add(PathTo(item, parent, root));
                    }
                }
            }
            else if (parents.TryAdd(item.Address, parent))
            {
                queue.Enqueue(item);
            }
        }

        // The runtime holds the context of a version whose allocator lives with a GC handle (a consequence, not a
        // cause), and keeps the host's statics in arrays under GC handles: a static named already is not shown twice.
        bool IsTheRuntimesOwn(ClrObject item, ulong parent, string? root) =>
            parent == 0
                ? item.Address == _loadContext && !root!.StartsWith("static ", StringComparison.Ordinal)
                : parents[parent] == 0 && heldByNamedStatics.Contains(item.Address) && _heap.GetObject(parent).Type?.Name == "System.Object[]";

        RootPath PathTo(ClrObject target, ulong holder, string? root)
        {
            var links = new List<RootPathLink> { new(target.Type?.Name ?? "?", $"0x{target.Address:x}", holder == 0 ? null : Via(holder, target.Address), OfTheVersion: true) };
            var at = holder;
            while (at != 0)
            {
                var item = _heap.GetObject(at);
                var parent = parents[at];
                links.Add(new RootPathLink(item.Type?.Name ?? "?", $"0x{at:x}", parent == 0 ? null : Via(parent, at), OfTheVersion: false));
                root = parent == 0 ? rootOf[at] : root;
                at = parent;
            }

            links.Reverse();
            return new RootPath(root!, links);
        }
    }

    /// <summary>Names the reference from one object to the next: a field, an array element, or a dependent handle (a ConditionalWeakTable entry). Found only for the links of a path: resolving every field of the walk would make it many times slower.</summary>
    private string? Via(ulong from, ulong to) =>
        _heap.GetObject(from).EnumerateReferencesWithFields(carefully: true, considerDependantHandles: true)
            .Where(reference => reference.Object.Address == to)
            .Select(reference => reference.IsDependentHandle ? "(dependent handle)" : reference.IsArrayElement ? "[]" : reference.Field?.Name)
            .FirstOrDefault();

    /// <summary>
    /// The GC roots, labelled: the static fields of the host's types first, then handles, stacks, the finalizer queue,
    /// and the runtime's own static roots (statics this pass cannot name, such as those of generic instantiations).
    /// The type objects among the runtime's static roots are left out: those of collectible types are their allocator's.
    /// </summary>
    private IEnumerable<(ClrObject Object, string Label)> Roots()
    {
        var domain = _runtime.AppDomains.FirstOrDefault() ?? _runtime.SharedDomain;
        foreach (var module in _runtime.EnumerateModules())
        {
            foreach (var type in module.EnumerateTypesWithStaticFields().Where(t => !t.IsCollectible))
            {
                foreach (var field in type.StaticFields.Where(f => f.IsObjectReference))
                {
                    var value = domain is null ? default : field.ReadObject(domain);
                    if (value.IsValid && !value.IsNull)
                    {
                        yield return (value, $"static {type.Name}.{field.Name}");
                    }
                }
            }
        }

        foreach (var root in _heap.EnumerateRoots().Where(r => r.RootKind != ClrRootKind.StaticVar || (r.Object.Type?.Name != "System.RuntimeType" && !IsTheVersionsOwnStatics(r.Object))))
        {
            yield return (root.Object, root switch
            {
                ClrStackRoot { StackFrame: { } frame } => $"stack of thread {frame.Thread?.ManagedThreadId} in {frame.Method?.Signature ?? frame.FrameName ?? "native code"}",
                _ => root.RootKind switch
                {
                    ClrRootKind.FinalizerQueue => "finalizer queue",
                    ClrRootKind.StaticVar => "a static field (unnamed)",
                    ClrRootKind.ThreadStaticVar => "a thread-static field",
                    var kind => $"{kind} GC handle",
                },
            });
        }
    }

    /// <summary>
    /// Whether a static root is storage of the version's own statics: an object its allocator reaches through its
    /// slots (the allocator, its slot array, the per-type statics arrays). The version's statics hold it only from
    /// inside; the question is what outside holds the version.
    /// </summary>
    private bool IsTheVersionsOwnStatics(ClrObject root)
    {
        if (_versionStatics is null)
        {
            _versionStatics = [];
            var level = _allocators.Select(_heap.GetObject).ToList();
            for (var depth = 0; depth < 3 && level.Count > 0; depth++)
            {
                level = [.. level.SelectMany(item => item.EnumerateReferences(carefully: true)).Where(item => item.IsValid && !item.IsNull && _versionStatics.Add(item.Address))];
            }
        }

        return _versionStatics.Contains(root.Address);
    }

    private List<string> ThreadsInTheVersion() =>
    [
        .. _runtime.Threads
            .Select(thread => (thread, frame: thread.EnumerateStackTrace().FirstOrDefault(f => f.Method?.Type is { } type && IsOfTheVersion(type))))
            .Where(found => found.frame is not null)
            .Select(found => $"thread {found.thread.ManagedThreadId} runs {found.frame!.Method!.Signature}"),
    ];

    private bool IsOfTheVersion(ClrObject item) =>
        _targets.Contains(item.Address) || (item.Type is { } type && IsOfTheVersion(type));

    private bool IsOfTheVersion(ClrType type)
    {
        if (!_ofTheVersionByMethodTable.TryGetValue(type.MethodTable, out var ofTheVersion))
        {
            ofTheVersion = type.IsCollectible && _allocators.Contains(AllocatorObject(_runtime, type));
            _ofTheVersionByMethodTable[type.MethodTable] = ofTheVersion;
        }

        return ofTheVersion;
    }

    /// <summary>A version's load context in the snapshot, its allocators (one, unless it is gone already) and the assemblies of its types.</summary>
    private sealed record FoundVersion(string Name, ulong LoadContext, HashSet<ulong> Allocators, List<string> Assemblies);
}
