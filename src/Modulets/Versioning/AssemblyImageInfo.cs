using System.Reflection;

namespace Modulets;

/// <summary>What <see cref="AssemblyImageInspector"/> learned of one file: its kind, its identity and references, and the id of the PDB it was built with.</summary>
internal sealed record AssemblyImageInfo(AssemblyImageKind Kind, string? Name, string Culture, IReadOnlyList<AssemblyName> References, Guid? PdbId, string? Problem)
{
    public static AssemblyImageInfo Native { get; } = new(AssemblyImageKind.Native, null, "", [], null, null);

    public static AssemblyImageInfo Managed(string name, string culture, IReadOnlyList<AssemblyName> references, Guid? pdbId) =>
        new(AssemblyImageKind.Managed, name, culture, references, pdbId, null);

    public static AssemblyImageInfo Invalid(string problem) => new(AssemblyImageKind.Invalid, null, "", [], null, problem);
}
