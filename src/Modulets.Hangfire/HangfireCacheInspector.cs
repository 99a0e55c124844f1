using System.Collections;
using System.Reflection;

namespace Modulets.Hangfire;

/// <summary>
/// Names Hangfire's static type caches (<c>Hangfire.Common.TypeHelper</c>) in a leak report when they hold a version's
/// types or assemblies: what happens when module code enqueues with Hangfire's expressions, or a job's type is a
/// module type. Reads Hangfire's internals by reflection; what it cannot read (another Hangfire version) it skips.
/// </summary>
internal static class HangfireCacheInspector
{
    private static readonly string[] s_caches =
        ["DefaultTypeSerializerCache", "SimpleAssemblyTypeSerializerCache", "DefaultTypeResolverCache", "IgnoredAssemblyVersionTypeResolverCache", "AssemblyCache"];

    public static IEnumerable<string> Inspect(VersionMembership version)
    {
        var typeHelper = typeof(global::Hangfire.Common.Job).Assembly.GetType("Hangfire.Common.TypeHelper");
        var held = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var name in s_caches)
        {
            if (typeHelper?.GetField(name, BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null) is not IDictionary cache)
            {
                continue;
            }

            foreach (DictionaryEntry entry in cache)
            {
                foreach (var item in new[] { entry.Key, entry.Value }.Where(version.Owns))
                {
                    held.Add(item switch
                    {
                        Type type => type.FullName ?? type.Name,
                        Assembly assembly => assembly.GetName().Name ?? "?",
                        _ => item!.GetType().FullName ?? "?",
                    });
                }
            }
        }

        return held.Count == 0
            ? []
            : [$"Hangfire's static type caches (Hangfire.Common.TypeHelper) hold {string.Join(", ", held)}: a job of a module type, or one enqueued from module code with Hangfire's expressions; enqueue against contract types with EnqueueContract"];
    }
}
