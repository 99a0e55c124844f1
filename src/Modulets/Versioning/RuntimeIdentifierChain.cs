using System.Runtime.InteropServices;

namespace Modulets;

/// <summary>
/// The runtime identifiers whose assets this process can use, most specific first (<c>linux-x64</c>, <c>linux</c>,
/// <c>unix</c>, <c>any</c>): the portable chain the .NET host uses when a folder has no <c>.deps.json</c> to say more.
/// </summary>
internal static class RuntimeIdentifierChain
{
    private static readonly Lazy<IReadOnlyList<string>> s_current = new(Build);

    public static IReadOnlyList<string> Current => s_current.Value;

    /// <summary>Gets the position of a runtime identifier in the chain, or -1 when this process cannot use its assets.</summary>
    public static int Rank(string runtimeIdentifier)
    {
        for (var i = 0; i < Current.Count; i++)
        {
            if (string.Equals(Current[i], runtimeIdentifier, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static List<string> Build()
    {
        var rid = RuntimeInformation.RuntimeIdentifier;
        var architecture = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        var chain = new List<string> { rid };
        var os = rid.EndsWith("-" + architecture, StringComparison.OrdinalIgnoreCase) ? rid[..^(architecture.Length + 1)] : rid;
        chain.Add(os);
        if (os.StartsWith("linux-", StringComparison.OrdinalIgnoreCase))
        {
            chain.Add("linux-" + architecture);
            chain.Add("linux");
        }

        if (!OperatingSystem.IsWindows())
        {
            chain.Add("unix");
        }

        chain.Add("any");
        return [.. chain.Distinct(StringComparer.OrdinalIgnoreCase)];
    }
}
