using System.Collections.Concurrent;

namespace Modulets;

/// <summary>
/// Process-wide caches of other libraries that can hold a version's types (as the libraries' own statics are
/// process-wide): an integration registers an inspector for the library it knows, and every leak report of the process
/// names what the inspector finds. Modulets.Hangfire registers one for Hangfire's type caches.
/// </summary>
public static class LeakInspectors
{
    private static readonly ConcurrentDictionary<string, Func<VersionMembership, IEnumerable<string>>> s_inspectors = new(StringComparer.Ordinal);

    /// <summary>Registers an inspector once under a name; a later registration under the same name replaces it.</summary>
    /// <param name="name">What it inspects, such as <c>Hangfire</c>.</param>
    /// <param name="inspect">Given a version that leaked, says what of the library holds it (empty when nothing it knows does); <see cref="VersionMembership.Owns(object)"/> tells a cache's keys and values of the version from the others.</param>
    public static void Register(string name, Func<VersionMembership, IEnumerable<string>> inspect)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(inspect);
        s_inspectors[name] = inspect;
    }

    /// <summary>Asks every inspector; one that throws is skipped, with a note in the report.</summary>
    internal static IEnumerable<string> Inspect(VersionMembership version)
    {
        foreach (var (name, inspect) in s_inspectors)
        {
            List<string> found;
            try
            {
                found = [.. inspect(version)];
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                found = [$"the {name} leak inspector failed ({e.GetType().Name}: {e.Message})"];
            }

            foreach (var holder in found)
            {
                yield return holder;
            }
        }
    }
}
