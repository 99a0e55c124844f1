namespace Modulets;

/// <summary>One assembly of a version, held in memory (with its PDB) so later writes to its file never reach the version.</summary>
internal sealed class ModuleAssemblyImage(string name, string filePath, byte[] image, byte[]? symbols, bool isIsolated)
{
    public string Name { get; } = name;

    public string FilePath { get; } = filePath;

    public bool IsIsolated { get; } = isIsolated;

    public bool HasSymbols => symbols is not null;

    public ReadOnlySpan<byte> Image => image;

    public Stream OpenImage() => new MemoryStream(image, writable: false);

    public Stream? OpenSymbols() => symbols is null ? null : new MemoryStream(symbols, writable: false);
}
