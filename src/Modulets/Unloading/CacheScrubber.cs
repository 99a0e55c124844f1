using System.Collections;
using System.Reflection;

namespace Modulets;

/// <summary>
/// Finds, and removes, what belongs to a version in a framework cache, whatever the cache's shape: a dictionary
/// (<see cref="Hashtable"/>, <see cref="Dictionary{TKey, TValue}"/>, a concurrent one), a
/// <c>ConditionalWeakTable</c>, the expression library's array-backed <c>CacheDict</c>, or an object that holds such
/// tables in its fields (a store, a table per load context), nested a few levels deep.
/// </summary>
/// <remarks>
/// An entry is the version's when its key or its value is (<see cref="VersionMembership.Owns(object)"/>). Removing one
/// only costs the framework a cache miss. A dictionary is changed under a lock on itself (the framework's writers lock
/// the table they write); a concurrent one needs none.
/// </remarks>
internal static class CacheScrubber
{
    private const int MaxDepth = 4;

    /// <summary>Removes the version's entries from a cache, under the lock its owner writes it with (when it has one besides the tables' own); returns how many it removed.</summary>
    /// <param name="cache">The cache.</param>
    /// <param name="gate">The lock its owner writes it under, or <see langword="null"/>.</param>
    /// <param name="version">The version.</param>
    /// <param name="keysOnly">Removes only the entries whose key is the version's: for a table of registrations, where an entry under another key is a registration to name, not a cache entry to drop.</param>
    public static int Remove(object? cache, object? gate, VersionMembership version, bool keysOnly = false)
    {
        var scrub = new Scrub(version, Remove: true, keysOnly);
        if (gate is null)
        {
            return Visit(cache, scrub, MaxDepth);
        }

        lock (gate)
        {
            return Visit(cache, scrub, MaxDepth);
        }
    }

    /// <summary>Counts the version's entries in a cache, changing nothing.</summary>
    public static int Count(object? cache, VersionMembership version) => Visit(cache, new Scrub(version, Remove: false, KeysOnly: false), MaxDepth);

    private static int Visit(object? cache, Scrub scrub, int depth)
    {
        if (cache is null || depth == 0)
        {
            return 0;
        }

        if (cache is IDictionary dictionary)
        {
            return VisitDictionary(dictionary, scrub, depth);
        }

        var type = cache.GetType();
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(System.Runtime.CompilerServices.ConditionalWeakTable<,>))
        {
            return VisitWeakTable(cache, scrub, depth);
        }

        if (RuntimeInternals.Field(cache, "_entries") is Array entries && entries.GetType().GetElementType()?.GetField("_key", RuntimeInternals.AnyField) is { } keyField)
        {
            return VisitEntries(entries, keyField, scrub, depth);
        }

        return IsHolder(type) ? type.GetFields(RuntimeInternals.AnyField & ~BindingFlags.Static).Sum(field => Visit(field.GetValue(cache), scrub, depth - 1)) : 0;
    }

    private static int VisitDictionary(IDictionary dictionary, Scrub scrub, int depth)
    {
        // A concurrent dictionary takes removals as they come; others take one writer at a time, under their own lock.
        var gate = dictionary.GetType().Name.StartsWith("Concurrent", StringComparison.Ordinal) ? new object() : dictionary;
        List<DictionaryEntry> entries = [];
        lock (gate)
        {
            for (var enumerator = dictionary.GetEnumerator(); enumerator.MoveNext();)
            {
                entries.Add(enumerator.Entry);
            }
        }

        var owned = entries.Where(entry => scrub.Holds(entry.Key, entry.Value)).Select(entry => entry.Key).ToHashSet();
        if (scrub.Remove)
        {
            lock (gate)
            {
                foreach (var key in owned)
                {
                    dictionary.Remove(key);
                }
            }
        }

        return owned.Count + entries.Where(entry => !owned.Contains(entry.Key)).Sum(entry => Visit(entry.Value, scrub, depth - 1));
    }

    /// <summary>A weak table keeps its keys weakly, and a value only while its key lives: only a value of the version under a key that is not holds it.</summary>
    private static int VisitWeakTable(object table, Scrub scrub, int depth)
    {
        var pairs = ((IEnumerable)table).Cast<object>().Select(pair => (Key: Property(pair, "Key"), Value: Property(pair, "Value"))).Where(pair => !scrub.Version.Owns(pair.Key)).ToList();
        var owned = pairs.Where(pair => !scrub.KeysOnly && scrub.Version.Owns(pair.Value)).ToList();
        var keyType = table.GetType().GetGenericArguments()[0];
        if (scrub.Remove && owned.Count > 0 && table.GetType().GetMethod("Remove", [keyType]) is { } removeMethod)
        {
            owned.ForEach(pair => removeMethod.Invoke(table, [pair.Key]));
        }

        return owned.Count + pairs.Except(owned).Sum(pair => Visit(pair.Value, scrub, depth - 1));
    }

    /// <summary>An array of entries with a key and a value, slots the owner reads one at a time: an emptied slot is a cache miss.</summary>
    private static int VisitEntries(Array entries, FieldInfo keyField, Scrub scrub, int depth)
    {
        var valueField = entries.GetType().GetElementType()!.GetField("_value", RuntimeInternals.AnyField);
        var count = 0;
        for (var i = 0; i < entries.Length; i++)
        {
            if (entries.GetValue(i) is not { } entry)
            {
                continue;
            }

            var value = valueField?.GetValue(entry);
            if (scrub.Holds(keyField.GetValue(entry), value))
            {
                count++;
                if (scrub.Remove)
                {
                    entries.SetValue(null, i);
                }
            }
            else
            {
                count += Visit(value, scrub, depth - 1);
            }
        }

        return count;
    }

    /// <summary>An object of the framework that may hold tables in its fields (a store, a tree of caches); never a value, a string or a type.</summary>
    private static bool IsHolder(Type type) =>
        !type.IsValueType && !type.IsCollectible && type != typeof(string) && !typeof(MemberInfo).IsAssignableFrom(type) && !typeof(Delegate).IsAssignableFrom(type) && !type.IsArray;

    private static object? Property(object pair, string name) => pair.GetType().GetProperty(name)?.GetValue(pair);

    /// <summary>One visit: the version, whether to remove what it finds, and whether only the keys decide.</summary>
    private sealed record Scrub(VersionMembership Version, bool Remove, bool KeysOnly)
    {
        public bool Holds(object? key, object? value) => Version.Owns(key) || (!KeysOnly && Version.Owns(value));
    }
}
