namespace Modulets.Diagnostics;

/// <summary>One chain of references from a GC root to the first object of a version.</summary>
/// <param name="Root">What the root is: a static field (<c>static Type.Field</c>), a GC handle, a thread's stack, the finalizer queue.</param>
/// <param name="Links">The objects from the root's object to the version's, each with the field that leads to it.</param>
public sealed record RootPath(string Root, IReadOnlyList<RootPathLink> Links);
