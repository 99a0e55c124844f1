namespace Modulets;

/// <summary>A public, non-abstract class of a module assembly, and the interfaces it implements (by namespace and name; a closed generic one by its generic definition), as its metadata declares them.</summary>
internal sealed record PublicClass(string FullName, IReadOnlySet<(string Namespace, string Name)> Interfaces);
