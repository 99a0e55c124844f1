using System.Reflection;

namespace Modulets;

/// <summary>What <see cref="AssemblyImageInspector"/> learned of one file in its one pass over the metadata: its kind, its identity (name and build id, the MVID), references and type names, and the id of the PDB it was built with.</summary>
internal sealed record AssemblyImageInfo(AssemblyImageKind Kind, string? Name, string Culture, IReadOnlyList<AssemblyName> References, IReadOnlySet<string> TypeNames, Guid? PdbId, Guid Mvid, string? Problem)
{
    private static readonly IReadOnlySet<string> s_noTypes = new HashSet<string>();

    public static AssemblyImageInfo Native { get; } = new(AssemblyImageKind.Native, null, "", [], s_noTypes, null, Guid.Empty, null);

    public static AssemblyImageInfo Managed(string name, string culture, IReadOnlyList<AssemblyName> references, IReadOnlySet<string> typeNames, Guid? pdbId, Guid mvid) =>
        new(AssemblyImageKind.Managed, name, culture, references, typeNames, pdbId, mvid, null);

    public static AssemblyImageInfo Invalid(string problem) => new(AssemblyImageKind.Invalid, null, "", [], s_noTypes, null, Guid.Empty, problem);
}
