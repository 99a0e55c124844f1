namespace Modulets.LeakyHost;

/// <summary>The host-side statics that hold a module object: the leak 'modulets why' must name, from both.</summary>
internal static class HostCache
{
    public static readonly List<object> Results = [];

    public static object? Last { get; set; }
}
