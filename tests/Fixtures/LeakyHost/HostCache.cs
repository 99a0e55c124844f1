namespace Modulets.LeakyHost;

/// <summary>The host-side cache that holds a module object: the leak 'modulets why' must name.</summary>
internal static class HostCache
{
    public static readonly List<object> Results = [];
}
