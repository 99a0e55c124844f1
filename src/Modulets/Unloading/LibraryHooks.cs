using System.Reflection;

namespace Modulets;

/// <summary>
/// Releases the process-wide hooks that libraries a version carries privately set up for themselves, where the library
/// offers no way to: Microsoft.Data.Sqlite's connection pool (used by EF Core and Dapper on SQLite too) subscribes to
/// <see cref="AppDomain.ProcessExit"/> and <see cref="AppDomain.DomainUnload"/> and starts a prune timer the first time a
/// connection opens, and none of them ever ends, so every version that opened a connection would stay loaded. At
/// unload the version's copy of the pool is cleared, its handlers removed and its timer disposed: its code can no
/// longer run anyway.
/// </summary>
internal static class LibraryHooks
{
    private const string Sqlite = "Microsoft.Data.Sqlite";

    public static void ReleaseFor(VersionMembership version)
    {
        if (SqlitePool(version) is not { } pool)
        {
            return;
        }

        pool.GetType().GetMethod("ClearPools", RuntimeInternals.AnyField)?.Invoke(pool, null);
        (RuntimeInternals.Field(pool, "_pruneTimer") as IDisposable)?.Dispose();
        foreach (var handler in HandlersOf(pool))
        {
            AppDomain.CurrentDomain.ProcessExit -= handler;
            AppDomain.CurrentDomain.DomainUnload -= handler;
        }
    }

    /// <summary>Names a hook that is still set, for a leak report.</summary>
    public static IEnumerable<string> Describe(VersionMembership version) =>
        SqlitePool(version) is { } pool && HandlersOf(pool).Any()
            ? [$"{Sqlite}'s connection pool (SqliteConnectionFactory: handlers on AppDomain.ProcessExit and DomainUnload, and a prune timer); Modulets releases it when the version unloads, so a connection opened since is still held: open connections only in jobs"]
            : [];

    /// <summary>The version's own copy of the pool, when it carries Microsoft.Data.Sqlite and has opened a connection.</summary>
    private static object? SqlitePool(VersionMembership version) =>
        version.Assemblies.FirstOrDefault(assembly => assembly.GetName().Name == Sqlite)?.GetType("Microsoft.Data.Sqlite.SqliteConnectionFactory") is { } factory
        && factory.GetField("Instance", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic) is { } instance
        && IsInitialized(factory)
            ? instance.GetValue(null)
            : null;

    /// <summary>Whether the factory's static constructor has run: reading its instance otherwise would create the pool, and its hooks, just to release them.</summary>
    private static bool IsInitialized(Type factory) =>
        ReadEvent(nameof(AppDomain.ProcessExit))?.GetInvocationList().Any(handler => handler.Method.DeclaringType == factory) ?? false;

    private static IEnumerable<EventHandler> HandlersOf(object pool) =>
        new[] { ReadEvent(nameof(AppDomain.ProcessExit)), ReadEvent(nameof(AppDomain.DomainUnload)) }
            .SelectMany(handlers => handlers?.GetInvocationList() ?? [])
            .Where(handler => ReferenceEquals(handler.Target, pool))
            .Cast<EventHandler>();

    private static Delegate? ReadEvent(string name) => RuntimeInternals.Field(typeof(AppDomain), name, AppDomain.CurrentDomain) as Delegate;
}
