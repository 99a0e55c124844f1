using Microsoft.Diagnostics.Runtime;

namespace Modulets.Cli;

/// <summary>
/// Finds, in a heap snapshot, what holds a version's load context: a breadth-first walk from every GC root (static fields
/// first, so a path starts at the field a person would name) that stops at the first object of the version, so each
/// path ends where host memory reaches into the version. Objects of the version are those whose type is loaded by its
/// collectible loader allocator (its own types, and generic instantiations over them) and the allocator object itself.
/// </summary>
internal sealed class VersionHolderSearch
{
    private const string LoadContextPrefix = "Modulets version ";
    private const int MaxPaths = 20;

    private readonly ClrRuntime _runtime;
    private readonly ClrHeap _heap;
    private readonly Dictionary<ulong, bool> _ofTheVersionByMethodTable = [];
    private readonly HashSet<ulong> _allocators;

    private VersionHolderSearch(ClrRuntime runtime, HashSet<ulong> allocators)
    {
        _runtime = runtime;
        _heap = runtime.Heap;
        _allocators = allocators;
    }

    /// <summary>Searches the snapshot for the versions whose id starts with <paramref name="versionId"/> (usually one; several when a prefix is ambiguous or a version was reloaded).</summary>
    public static IReadOnlyList<VersionHolders> Find(string dumpPath, string versionId)
    {
        using var target = DataTarget.LoadDump(dumpPath);
        using var runtime = CreateRuntime(target.ClrVersions.Single());
        return
        [
            .. VersionAllocators(runtime, versionId)
                .Select(version => new VersionHolderSearch(runtime, [version.Allocator]).Describe(version.LoadContext, version.Assemblies)),
        ];
    }

    /// <summary>Opens the snapshot's runtime with the data access library of the runtime that wrote it, from this machine's .NET installation.</summary>
    private static ClrRuntime CreateRuntime(ClrInfo clr)
    {
        var local = Path.Combine(Path.GetDirectoryName(clr.ModuleInfo.FileName) ?? string.Empty, OperatingSystem.IsWindows() ? "mscordaccore.dll" : "libmscordaccore.so");
        return File.Exists(local) ? clr.CreateRuntime(local, ignoreMismatch: true) : clr.CreateRuntime();
    }

    /// <summary>The loader allocator objects of the collectible contexts named after the version, with their assemblies.</summary>
    private static IEnumerable<(string LoadContext, ulong Allocator, List<string> Assemblies)> VersionAllocators(ClrRuntime runtime, string versionId)
    {
        var found = new Dictionary<ulong, (string LoadContext, List<string> Assemblies)>();
        foreach (var module in runtime.EnumerateModules())
        {
            var type = module.EnumerateTypeDefToMethodTableMap()
                .Select(entry => runtime.Heap.GetTypeByMethodTable(entry.MethodTable))
                .FirstOrDefault(t => t is not null);
            if (type is not { IsCollectible: true } || AllocatorObject(runtime, type) is not (var allocator and not 0))
            {
                continue;
            }

            var name = runtime.Heap.GetObject(type.AssemblyLoadContextAddress).ReadStringField("_name");
            if (name is null || !name.StartsWith(LoadContextPrefix, StringComparison.Ordinal) || !Matches(name[LoadContextPrefix.Length..], versionId))
            {
                continue;
            }

            if (!found.TryGetValue(allocator, out var version))
            {
                found[allocator] = version = (name, []);
            }

            version.Assemblies.Add(Path.GetFileName(module.Name ?? module.AssemblyName ?? "?"));
        }

        return found.Select(entry => (entry.Value.LoadContext, entry.Key, entry.Value.Assemblies));
    }

    private static bool Matches(string shortId, string versionId) =>
        shortId.StartsWith(versionId, StringComparison.OrdinalIgnoreCase) || versionId.StartsWith(shortId, StringComparison.OrdinalIgnoreCase);

    private static ulong AllocatorObject(ClrRuntime runtime, ClrType type) =>
        type.LoaderAllocatorHandle == 0 ? 0 : runtime.DataTarget.DataReader.ReadPointer(type.LoaderAllocatorHandle);

    private VersionHolders Describe(string loadContext, List<string> assemblies) =>
        new(loadContext, assemblies, FindPaths(), ThreadsInTheVersion());

    private List<RootPath> FindPaths()
    {
        var parents = new Dictionary<ulong, ulong>();
        var rootOf = new Dictionary<ulong, string>();
        var queue = new Queue<ClrObject>();
        var paths = new List<RootPath>();
        var holders = new HashSet<ulong>();

        foreach (var (root, label) in Roots())
        {
            if (rootOf.TryAdd(root.Address, label))
            {
                Visit(root, parent: 0);
            }
        }

        while (queue.Count > 0 && paths.Count < MaxPaths)
        {
            var current = queue.Dequeue();
            foreach (var reference in current.EnumerateReferences(carefully: false, considerDependantHandles: true))
            {
                Visit(reference, current.Address);
            }
        }

        return paths;

        void Visit(ClrObject item, ulong parent)
        {
            if (!item.IsValid || item.IsNull || !parents.TryAdd(item.Address, parent))
            {
                return;
            }

            if (!IsOfTheVersion(item))
            {
                queue.Enqueue(item);
            }
            else if (holders.Add(parent) && paths.Count < MaxPaths)
            {
                paths.Add(PathTo(item.Address));
            }
        }

        RootPath PathTo(ulong address)
        {
            var links = new List<RootPathLink>();
            for (var at = address; at != 0; at = parents[at])
            {
                var item = _heap.GetObject(at);
                links.Add(new RootPathLink(item.Type?.Name ?? "?", at, parents[at] is var parent and not 0 ? Via(parent, at) : null, IsOfTheVersion(item)));
            }

            links.Reverse();
            return new RootPath(rootOf[links[0].Address], links);
        }
    }

    /// <summary>Names the reference from one object to the next: a field, an array element, or a dependent handle (a ConditionalWeakTable entry). Found only for the links of a path: resolving every field of the walk would make it many times slower.</summary>
    private string? Via(ulong from, ulong to) =>
        _heap.GetObject(from).EnumerateReferencesWithFields(carefully: false, considerDependantHandles: true)
            .Where(reference => reference.Object.Address == to)
            .Select(reference => reference.IsDependentHandle ? "(dependent handle)" : reference.IsArrayElement ? "[]" : reference.Field?.Name)
            .FirstOrDefault();

    /// <summary>
    /// The GC roots, labelled: the static fields of the host's types first, then handles, stacks and the finalizer queue.
    /// The runtime's own static roots are left out: the host's statics are all among the fields read here, and the rest
    /// are the slots of collectible types, which their loader allocator holds (they keep nothing alive by themselves).
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

        foreach (var root in _heap.EnumerateRoots().Where(r => r.RootKind != ClrRootKind.StaticVar))
        {
            yield return (root.Object, root switch
            {
                ClrStackRoot { StackFrame: { } frame } => $"stack of thread {frame.Thread?.ManagedThreadId} in {frame.Method?.Signature ?? frame.FrameName ?? "native code"}",
                _ => root.RootKind switch
                {
                    ClrRootKind.FinalizerQueue => "finalizer queue",
                    ClrRootKind.ThreadStaticVar => "thread-static field",
                    var kind => $"{kind} GC handle",
                },
            });
        }
    }

    private List<string> ThreadsInTheVersion() =>
    [
        .. _runtime.Threads
            .Select(thread => (thread, frame: thread.EnumerateStackTrace().FirstOrDefault(f => f.Method?.Type is { } type && IsOfTheVersion(type))))
            .Where(found => found.frame is not null)
            .Select(found => $"thread {found.thread.ManagedThreadId} runs {found.frame!.Method!.Signature}"),
    ];

    private bool IsOfTheVersion(ClrObject item) =>
        _allocators.Contains(item.Address) || (item.Type is { } type && IsOfTheVersion(type));

    private bool IsOfTheVersion(ClrType type)
    {
        if (!_ofTheVersionByMethodTable.TryGetValue(type.MethodTable, out var ofTheVersion))
        {
            ofTheVersion = type.IsCollectible && _allocators.Contains(AllocatorObject(_runtime, type));
            _ofTheVersionByMethodTable[type.MethodTable] = ofTheVersion;
        }

        return ofTheVersion;
    }
}
