namespace Modulets;

/// <summary>Parses assembly display names without the cost (and the exceptions) of <see cref="System.Reflection.AssemblyName"/>.</summary>
internal static class AssemblyNames
{
    /// <summary>Gets the simple name of a display name: <c>Jobs.Contracts</c> of <c>Jobs.Contracts, Version=1.0.0.0, Culture=neutral</c>.</summary>
    public static string Simple(string displayName) => displayName.Split(',', 2)[0].Trim();
}
