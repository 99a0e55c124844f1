namespace Modulets.TestUtilities;

/// <summary>A module assembly built for a test: its image and its portable PDB.</summary>
public sealed record CompiledModule(string AssemblyName, byte[] Image, byte[] Symbols)
{
    public string FileName => AssemblyName + ".dll";

    /// <summary>Writes the assembly and its PDB into a folder, as a build would.</summary>
    public void WriteTo(string folder)
    {
        File.WriteAllBytes(System.IO.Path.Combine(folder, FileName), Image);
        File.WriteAllBytes(System.IO.Path.Combine(folder, AssemblyName + ".pdb"), Symbols);
    }
}
