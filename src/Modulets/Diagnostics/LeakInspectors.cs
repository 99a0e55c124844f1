using System.Collections.Concurrent;
using System.Reflection;

namespace Modulets;

/// <summary>
/// Process-wide caches of other libraries that can hold a version's types (as the libraries' own statics are
/// process-wide): an integration registers an inspector for the library it knows, and every leak report of the process
/// names what the inspector finds. Modulets.Hangfire registers one for Hangfire's type caches.
/// </summary>
public static class LeakInspectors
{
    private static readonly ConcurrentDictionary<string, Func<IReadOnlyCollection<Assembly>, IEnumerable<string>>> s_inspectors = new(StringComparer.Ordinal);

    /// <summary>Registers an inspector once under a name; a later registration under the same name replaces it.</summary>
    /// <param name="name">What it inspects, such as <c>Hangfire</c>.</param>
    /// <param name="inspect">Given the assemblies of a version that leaked, says what holds them (empty when nothing it knows does).</param>
    public static void Register(string name, Func<IReadOnlyCollection<Assembly>, IEnumerable<string>> inspect)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(inspect);
        s_inspectors[name] = inspect;
    }

    /// <summary>Asks every inspector; one that throws is skipped, with a note in the report.</summary>
    internal static IEnumerable<string> Inspect(IReadOnlyCollection<Assembly> assemblies)
    {
        foreach (var (name, inspect) in s_inspectors)
        {
            List<string> found;
            try
            {
                found = [.. inspect(assemblies)];
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
