using System.Security.Cryptography;

namespace Modulets;

/// <summary>One native library of a version, held in memory like its assemblies; loaded from a content-addressed copy (see <see cref="NativeLibraryCache"/>).</summary>
internal sealed class NativeLibraryImage(string filePath, byte[] image)
{
    /// <summary>Gets the name imports use for it: <c>e_sqlite3</c> for <c>libe_sqlite3.so</c>.</summary>
    public string Name { get; } = ModuleFileSelector.NativeLibraryName(filePath);

    public string FilePath { get; } = filePath;

    public string FileName => Path.GetFileName(FilePath);

    public string ContentHash { get; } = Convert.ToHexStringLower(SHA256.HashData(image));

    public ReadOnlySpan<byte> Image => image;
}
