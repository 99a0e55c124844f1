using System.Reflection;
using System.Runtime.Loader;

namespace Modulets;

/// <summary>
/// Looks for the usual roots that keep a version alive and that can be seen from inside the process: handlers from
/// the version's assemblies on the runtime's static events, and timers whose callback or state comes from them.
/// It reads runtime internals by reflection; whatever it cannot read (another runtime version) it skips.
/// </summary>
internal static class LeakCulprits
{
    private const int MaxTimersInspected = 100_000;

    public static IReadOnlyList<string> Find(IReadOnlyCollection<Assembly> assemblies)
    {
        var found = new List<string>();
        if (assemblies.Count == 0)
        {
            return found;
        }

        var version = new VersionMembership(assemblies);
        var domain = AppDomain.CurrentDomain;
        var defaultContext = AssemblyLoadContext.Default;
        (string Name, Func<object?> Read)[] events =
        [
            ("AppDomain.ProcessExit", () => RuntimeInternals.Field(typeof(AppDomain), "ProcessExit", domain)),
            ("AppDomain.DomainUnload", () => RuntimeInternals.Field(typeof(AppDomain), "DomainUnload", domain)),
            ("AppDomain.UnhandledException", () => RuntimeInternals.Field(typeof(AppContext), "UnhandledException", null)),
            ("AppDomain.FirstChanceException", () => RuntimeInternals.Field(typeof(AppContext), "FirstChanceException", null)),
            ("TaskScheduler.UnobservedTaskException", () => RuntimeInternals.Field(typeof(TaskScheduler), "UnobservedTaskException", null)),
            ("AssemblyLoadContext.Default.Resolving", () => RuntimeInternals.Field(typeof(AssemblyLoadContext), "_resolving", defaultContext)),
            ("AssemblyLoadContext.Default.ResolvingUnmanagedDll", () => RuntimeInternals.Field(typeof(AssemblyLoadContext), "_resolvingUnmanagedDll", defaultContext)),
            ("AssemblyLoadContext.Default.Unloading", () => RuntimeInternals.Field(typeof(AssemblyLoadContext), "_unloading", defaultContext)),
            ("AppDomain.AssemblyLoad", () => RuntimeInternals.Field(typeof(AssemblyLoadContext), "AssemblyLoad", null)),
            ("AppDomain.AssemblyResolve", () => RuntimeInternals.Field(typeof(AssemblyLoadContext), "AssemblyResolve", null)),
            ("AppDomain.TypeResolve", () => RuntimeInternals.Field(typeof(AssemblyLoadContext), "TypeResolve", null)),
            ("AppDomain.ResourceResolve", () => RuntimeInternals.Field(typeof(AssemblyLoadContext), "ResourceResolve", null)),
        ];

        foreach (var (name, read) in events)
        {
            if (Read(read) is Delegate handlers)
            {
                found.AddRange(handlers.GetInvocationList()
                    .Where(version.Owns)
                    .Select(handler => $"a handler on {name} ({Describe(handler)})"));
            }
        }

        found.AddRange(Timers(version));
        found.AddRange(FrameworkCaches.Describe(version));
        if (SharedJsonNetCaches.IsSharedWith(version))
        {
            found.Add("Json.NET, shared with the host (Share(\"Newtonsoft.Json\")): its static caches (resolvers, attribute and converter caches) keep the types it has handled; keep Json.NET private to the module");
        }

        found.AddRange(LeakInspectors.Inspect(version));
        return found;
    }

    private static IEnumerable<string> Timers(VersionMembership version)
    {
        var queueType = typeof(Timer).Assembly.GetType("System.Threading.TimerQueue");
        var timerType = typeof(Timer).Assembly.GetType("System.Threading.TimerQueueTimer");
        if (queueType is null || timerType is null || Read(() => queueType.GetProperty("Instances", RuntimeInternals.AnyField)?.GetValue(null)) is not Array queues)
        {
            yield break;
        }

        var inspected = 0;
        foreach (var queue in queues)
        {
            foreach (var list in (string[])["_shortTimers", "_longTimers"])
            {
                for (var timer = Read(() => RuntimeInternals.Field(queueType, list, queue)); timer is not null && inspected++ < MaxTimersInspected; timer = Read(() => RuntimeInternals.Field(timerType, "_next", timer)))
                {
                    var callback = Read(() => RuntimeInternals.Field(timerType, "_timerCallback", timer)) as Delegate;
                    var state = Read(() => RuntimeInternals.Field(timerType, "_state", timer));
                    if (callback is not null && (version.Owns(callback) || version.Owns(state)))
                    {
                        yield return $"a timer that was never disposed ({Describe(callback)})";
                    }
                }
            }
        }
    }

    private static string Describe(Delegate handler) => $"{handler.Method.DeclaringType?.FullName}.{handler.Method.Name}";

    private static object? Read(Func<object?> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is TargetException or FieldAccessException or ArgumentException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }
}
