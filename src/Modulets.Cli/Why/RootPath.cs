namespace Modulets.Cli;

/// <summary>One chain of references from a GC root to the first object of a version, as 'modulets why' prints it.</summary>
/// <param name="Root">What the root is: a static field (<c>static Type.Field</c>), a GC handle, a thread's stack, the finalizer queue.</param>
/// <param name="Links">The objects from the root's object to the version's, each with the field that leads to the next.</param>
internal sealed record RootPath(string Root, IReadOnlyList<RootPathLink> Links);

/// <summary>An object on a root path.</summary>
/// <param name="Type">The object's type name.</param>
/// <param name="Address">The object's address in the snapshot, in hexadecimal (for <c>dotnet-dump</c>).</param>
/// <param name="Via">The field of the previous object that holds it (<c>[]</c> for an array element), or <see langword="null"/> for the root's own object.</param>
/// <param name="OfTheVersion">Whether the object belongs to the version (its type is one of the version's, or it is the version's loader allocator).</param>
internal sealed record RootPathLink(string Type, string Address, string? Via, bool OfTheVersion);
