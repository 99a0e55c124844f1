using System.Reflection;

namespace Modulets;

/// <summary>What <see cref="AssemblyImageInspector"/> learned of one file: its kind, its identity (name and build id, the MVID) and references, and the id of the PDB it was built with.</summary>
internal sealed record AssemblyImageInfo(AssemblyImageKind Kind, string? Name, string Culture, IReadOnlyList<AssemblyName> References, Guid? PdbId, Guid Mvid, string? Problem)
{
    public static AssemblyImageInfo Native { get; } = new(AssemblyImageKind.Native, null, "", [], null, Guid.Empty, null);

    public static AssemblyImageInfo Managed(string name, string culture, IReadOnlyList<AssemblyName> references, Guid? pdbId, Guid mvid) =>
        new(AssemblyImageKind.Managed, name, culture, references, pdbId, mvid, null);

    public static AssemblyImageInfo Invalid(string problem) => new(AssemblyImageKind.Invalid, null, "", [], null, Guid.Empty, problem);
}
