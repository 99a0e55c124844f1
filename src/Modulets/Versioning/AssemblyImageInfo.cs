using System.Reflection;

namespace Modulets;

/// <summary>
/// What <see cref="AssemblyImageInspector"/> learned of one file in its one pass over the metadata: its kind, its
/// identity (name and build id, the MVID), references and type names, the interfaces its public classes implement and
/// the assemblies its public types extend, and the id of the PDB it was built with. Nothing reads the image's metadata
/// again: what a hostile image could make a reader throw, it throws inside the inspection, which rejects it.
/// </summary>
internal sealed record AssemblyImageInfo(AssemblyImageKind Kind, string? Name, string Culture, IReadOnlyList<AssemblyName> References, IReadOnlySet<string> TypeNames, IReadOnlyList<PublicClass> PublicClasses, IReadOnlySet<string> ContractAssemblies, Guid? PdbId, Guid Mvid, string? Problem)
{
    private static readonly IReadOnlySet<string> s_none = new HashSet<string>();

    public static AssemblyImageInfo Native { get; } = new(AssemblyImageKind.Native, null, "", [], s_none, [], s_none, null, Guid.Empty, null);

    public static AssemblyImageInfo Invalid(string problem) => new(AssemblyImageKind.Invalid, null, "", [], s_none, [], s_none, null, Guid.Empty, problem);
}
