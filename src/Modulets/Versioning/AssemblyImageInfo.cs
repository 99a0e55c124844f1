namespace Modulets;

/// <summary>What <see cref="AssemblyImageInspector"/> learned of one file: its kind, its assembly name, and the id of the PDB it was built with.</summary>
internal sealed record AssemblyImageInfo(AssemblyImageKind Kind, string? Name, Guid? PdbId, string? Problem)
{
    public static AssemblyImageInfo Native { get; } = new(AssemblyImageKind.Native, null, null, null);

    public static AssemblyImageInfo Managed(string name, Guid? pdbId) => new(AssemblyImageKind.Managed, name, pdbId, null);

    public static AssemblyImageInfo Invalid(string problem) => new(AssemblyImageKind.Invalid, null, null, problem);
}
