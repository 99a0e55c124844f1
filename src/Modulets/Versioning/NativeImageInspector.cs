using System.Buffers.Binary;

namespace Modulets;

/// <summary>
/// Checks that a native library is a complete ELF, Mach-O or PE file before a version may load it: a garbage or
/// half-copied library would otherwise fail (or crash) only when a job first calls into it.
/// </summary>
internal static class NativeImageInspector
{
    /// <summary>Tells from a file's first bytes that it is no native library at all, so the rest need not be read.</summary>
    public static bool IsNotAnImage(ReadOnlySpan<byte> head) =>
        !(head.StartsWith("\u007fELF"u8) || head.StartsWith("MZ"u8) || (head.Length >= 4 && BinaryPrimitives.ReadUInt32BigEndian(head) is 0xFEEDFACE or 0xFEEDFACF or 0xCEFAEDFE or 0xCFFAEDFE or 0xCAFEBABE));

    /// <summary>Returns why the library cannot be loaded, or <see langword="null"/> when it looks complete.</summary>
    public static string? FindProblem(ReadOnlySpan<byte> image)
    {
        if (image.Length >= 4 && image[..4].SequenceEqual("\u007fELF"u8))
        {
            return ElfProblem(image);
        }

        if (image.Length >= 2 && image[0] == 'M' && image[1] == 'Z')
        {
            // A native PE: the same section-table check as for assemblies.
            return AssemblyImageInspector.DeclaredLength(image) switch
            {
                null => "it is truncated or damaged: its PE headers are incomplete (still being copied?)",
                { } declared when declared > image.Length => AssemblyImageInspector.Truncated(declared, image.Length),
                _ => null,
            };
        }

        if (image.Length >= 4 && BinaryPrimitives.ReadUInt32BigEndian(image) is 0xFEEDFACE or 0xFEEDFACF or 0xCEFAEDFE or 0xCFFAEDFE or 0xCAFEBABE)
        {
            return null;
        }

        return "it is not a native library (neither ELF, Mach-O nor PE)";
    }

    private static string? ElfProblem(ReadOnlySpan<byte> image)
    {
        const int Elf64HeaderLength = 64;
        const int Elf32HeaderLength = 52;
        var is64 = image.Length > 4 && image[4] == 2;
        var bigEndian = image.Length > 5 && image[5] == 2;
        if (image.Length < (is64 ? Elf64HeaderLength : Elf32HeaderLength))
        {
            return "it is truncated: the ELF header is incomplete (still being copied?)";
        }

        var (programHeaders, programHeaderSize, programHeaderCount) = is64
            ? (Read(image, 0x20, 8, bigEndian), Read(image, 0x36, 2, bigEndian), Read(image, 0x38, 2, bigEndian))
            : (Read(image, 0x1C, 4, bigEndian), Read(image, 0x2A, 2, bigEndian), Read(image, 0x2C, 2, bigEndian));
        var (sectionHeaders, sectionHeaderSize, sectionHeaderCount) = is64
            ? (Read(image, 0x28, 8, bigEndian), Read(image, 0x3A, 2, bigEndian), Read(image, 0x3C, 2, bigEndian))
            : (Read(image, 0x20, 4, bigEndian), Read(image, 0x2E, 2, bigEndian), Read(image, 0x30, 2, bigEndian));
        var declared = Math.Max(programHeaders + (programHeaderSize * programHeaderCount), sectionHeaders + (sectionHeaderSize * sectionHeaderCount));
        return declared > (ulong)image.Length
            ? $"it is truncated: its ELF headers declare {declared} bytes but the file has {image.Length} (still being copied?)"
            : null;
    }

    private static ulong Read(ReadOnlySpan<byte> image, int offset, int size, bool bigEndian) => size switch
    {
        2 => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(image[offset..]) : BinaryPrimitives.ReadUInt16LittleEndian(image[offset..]),
        4 => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(image[offset..]) : BinaryPrimitives.ReadUInt32LittleEndian(image[offset..]),
        _ => bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(image[offset..]) : BinaryPrimitives.ReadUInt64LittleEndian(image[offset..]),
    };
}
