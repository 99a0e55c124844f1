using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;

namespace Modulets;

/// <summary>
/// Validates an assembly image before any load context sees it: a complete PE file (no section runs past the end, as
/// in a half-copied file), readable metadata, an assembly manifest, and method bodies inside the image.
/// </summary>
internal static class AssemblyImageInspector
{
    public static AssemblyImageInfo Inspect(byte[] image)
    {
        if (image.Length == 0)
        {
            return AssemblyImageInfo.Invalid("the file is empty");
        }

        try
        {
            using var pe = new PEReader(ImmutableCollectionsMarshal.AsImmutableArray(image));
            var headers = pe.PEHeaders;
            foreach (var section in headers.SectionHeaders)
            {
                var end = (long)section.PointerToRawData + section.SizeOfRawData;
                if (end > image.Length)
                {
                    return AssemblyImageInfo.Invalid(
                        $"it is truncated: section {section.Name} ends at byte {end} but the file has {image.Length} bytes (still being copied?)");
                }
            }

            if (headers.CorHeader is null)
            {
                return AssemblyImageInfo.Native;
            }

            var metadata = pe.GetMetadataReader();
            if (!metadata.IsAssembly)
            {
                return AssemblyImageInfo.Invalid("it is a .NET module without an assembly manifest");
            }

            foreach (var handle in metadata.MethodDefinitions)
            {
                var rva = metadata.GetMethodDefinition(handle).RelativeVirtualAddress;
                if (rva != 0)
                {
                    _ = pe.GetMethodBody(rva);
                }
            }

            return AssemblyImageInfo.Managed(metadata.GetString(metadata.GetAssemblyDefinition().Name), ReadPdbId(pe));
        }
        catch (BadImageFormatException e)
        {
            return AssemblyImageInfo.Invalid($"it is not a valid .NET assembly ({e.Message})");
        }
        catch (InvalidOperationException e)
        {
            return AssemblyImageInfo.Invalid($"it is not a valid .NET assembly ({e.Message})");
        }
    }

    /// <summary>Reads the id of a portable PDB, or <see langword="null"/> when the bytes are not one.</summary>
    public static Guid? ReadPortablePdbId(byte[] pdb)
    {
        try
        {
            using var provider = MetadataReaderProvider.FromPortablePdbImage(ImmutableCollectionsMarshal.AsImmutableArray(pdb));
            var header = provider.GetMetadataReader().DebugMetadataHeader;
            return header is null ? null : new Guid(header.Id.AsSpan(0, 16));
        }
        catch (BadImageFormatException)
        {
            return null;
        }
    }

    private static Guid? ReadPdbId(PEReader pe)
    {
        foreach (var entry in pe.ReadDebugDirectory())
        {
            if (entry.Type == DebugDirectoryEntryType.CodeView)
            {
                return pe.ReadCodeViewDebugDirectoryData(entry).Guid;
            }
        }

        return null;
    }
}
