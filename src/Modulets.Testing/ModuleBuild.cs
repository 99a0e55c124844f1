namespace Modulets.Testing;

/// <summary>One build of a module: its assembly name and its image, ready to be written into a modules folder.</summary>
/// <param name="AssemblyName">The assembly's simple name.</param>
/// <param name="Image">The assembly's bytes.</param>
/// <param name="Symbols">Its portable PDB.</param>
public sealed record ModuleBuild(string AssemblyName, byte[] Image, byte[] Symbols)
{
    /// <summary>Gets the assembly's file name.</summary>
    public string FileName => AssemblyName + ".dll";
}
