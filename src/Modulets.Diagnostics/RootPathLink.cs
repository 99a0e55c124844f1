namespace Modulets.Diagnostics;

/// <summary>An object on a root path.</summary>
/// <param name="Type">The object's type name.</param>
/// <param name="Address">The object's address in the snapshot, in hexadecimal (for <c>dotnet-dump</c>).</param>
/// <param name="Via">The field of the previous object that holds it (<c>[]</c> for an array element), or <see langword="null"/> for the root's own object.</param>
/// <param name="OfTheVersion">Whether the object belongs to the version (its load context, its loader allocator, or an object of one of its types): the last link.</param>
public sealed record RootPathLink(string Type, string Address, string? Via, bool OfTheVersion);
