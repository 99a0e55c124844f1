using System.Buffers.Binary;
using System.Reflection;
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
    /// <summary>Tells from a file's first bytes that it is no PE file at all (assembly or native), so the rest need not be read.</summary>
    public static bool IsNotAnImage(ReadOnlySpan<byte> head) => head.Length > 0 && !head.StartsWith("MZ"u8);

    public static AssemblyImageInfo Inspect(byte[] image)
    {
        if (image.Length == 0)
        {
            return AssemblyImageInfo.Invalid("the file is empty");
        }

        if (DeclaredLength(image) is { } declared && declared > image.Length)
        {
            return AssemblyImageInfo.Invalid(Truncated(declared, image.Length));
        }

        try
        {
            using var pe = new PEReader(ImmutableCollectionsMarshal.AsImmutableArray(image));
            var headers = pe.PEHeaders;
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

            var definition = metadata.GetAssemblyDefinition();
            return new AssemblyImageInfo(
                AssemblyImageKind.Managed,
                metadata.GetString(definition.Name),
                metadata.GetString(definition.Culture),
                [.. metadata.AssemblyReferences.Select(handle => WellFormed(metadata.GetAssemblyReference(handle).GetAssemblyName()))],
                metadata.TypeDefinitions.Select(handle => FullName(metadata, handle)).ToHashSet(StringComparer.Ordinal),
                ReadPublicClasses(metadata),
                ReadContractAssemblies(metadata),
                ReadPdbId(pe),
                metadata.GetGuid(metadata.GetModuleDefinition().Mvid),
                Problem: null);
        }
        catch (Exception e) when (IsMalformed(e))
        {
            return AssemblyImageInfo.Invalid($"it is not a valid .NET assembly ({e.Message})");
        }
    }

    /// <summary>The public, non-abstract classes and the interfaces each implements that are referenced from another assembly.</summary>
    private static List<PublicClass> ReadPublicClasses(MetadataReader metadata)
    {
        var classes = new List<PublicClass>();
        foreach (var handle in metadata.TypeDefinitions)
        {
            var type = metadata.GetTypeDefinition(handle);
            if ((type.Attributes & (TypeAttributes.Abstract | TypeAttributes.Interface)) != 0 || (type.Attributes & TypeAttributes.VisibilityMask) != TypeAttributes.Public)
            {
                continue;
            }

            var interfaces = new HashSet<(string Namespace, string Name)>();
            foreach (var implementation in type.GetInterfaceImplementations())
            {
                if (InterfaceReference(metadata, metadata.GetInterfaceImplementation(implementation).Interface) is { } reference)
                {
                    var typeReference = metadata.GetTypeReference(reference);
                    interfaces.Add((metadata.GetString(typeReference.Namespace), metadata.GetString(typeReference.Name)));
                }
            }

            classes.Add(new PublicClass(FullName(metadata, handle), interfaces));
        }

        return classes;
    }

    /// <summary>The reference to an implemented interface: the interface itself, or the generic interface a closed one (<c>IUpgradableJob&lt;string&gt;</c>) instantiates.</summary>
    private static TypeReferenceHandle? InterfaceReference(MetadataReader metadata, EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.TypeReference:
                return (TypeReferenceHandle)handle;
            case HandleKind.TypeSpecification:
                var signature = metadata.GetBlobReader(metadata.GetTypeSpecification((TypeSpecificationHandle)handle).Signature);
                if (signature.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance)
                {
                    return null;
                }

                signature.ReadSignatureTypeCode(); // class or value type
                var generic = signature.ReadTypeHandle();
                return generic.Kind == HandleKind.TypeReference ? (TypeReferenceHandle)generic : null;
            default:
                return null;
        }
    }

    /// <summary>The names of the assemblies whose interfaces the image's public types implement, or whose classes they extend: the contracts its objects are handed out as.</summary>
    private static HashSet<string> ReadContractAssemblies(MetadataReader metadata)
    {
        var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var handle in metadata.TypeDefinitions)
        {
            var type = metadata.GetTypeDefinition(handle);
            if ((type.Attributes & TypeAttributes.VisibilityMask) != TypeAttributes.Public)
            {
                continue;
            }

            var bases = type.GetInterfaceImplementations().Select(i => metadata.GetInterfaceImplementation(i).Interface);
            foreach (var extended in type.BaseType.IsNil ? bases : bases.Append(type.BaseType))
            {
                if (AssemblyOf(metadata, extended) is { } assembly)
                {
                    found.Add(assembly);
                }
            }
        }

        return found;
    }

    /// <summary>Reads the assembly a referenced type (or the definition of a generic instantiation) comes from; null for the image's own types.</summary>
    private static string? AssemblyOf(MetadataReader metadata, EntityHandle type)
    {
        if (type.Kind == HandleKind.TypeSpecification)
        {
            var signature = metadata.GetBlobReader(metadata.GetTypeSpecification((TypeSpecificationHandle)type).Signature);
            if (signature.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance)
            {
                return null;
            }

            _ = signature.ReadSignatureTypeCode();
            type = signature.ReadTypeHandle();
        }

        // A nested type's reference is scoped by its declaring type's: follow the chain, which a hostile image can make
        // circular (a reference scoped by itself overflowed the stack; found by fuzzing), so at most once per row.
        for (var step = 0; type.Kind == HandleKind.TypeReference; step++)
        {
            if (step > metadata.TypeReferences.Count)
            {
                throw new BadImageFormatException("a type reference's resolution scopes form a cycle");
            }

            var scope = metadata.GetTypeReference((TypeReferenceHandle)type).ResolutionScope;
            if (scope.Kind == HandleKind.AssemblyReference)
            {
                return metadata.GetString(metadata.GetAssemblyReference((AssemblyReferenceHandle)scope).Name);
            }

            type = scope;
        }

        return null;
    }

    /// <summary>A type's full name, nested types joined to their declaring types by <c>+</c>.</summary>
    private static string FullName(MetadataReader metadata, TypeDefinitionHandle handle)
    {
        var type = metadata.GetTypeDefinition(handle);
        var name = metadata.GetString(type.Name);
        for (var step = 0; type.GetDeclaringType() is { IsNil: false } declaring; step++)
        {
            // The nesting chain comes from the image too: a cycle would never end.
            if (step >= metadata.TypeDefinitions.Count)
            {
                throw new BadImageFormatException("a type's declaring types form a cycle");
            }

            type = metadata.GetTypeDefinition(declaring);
            name = metadata.GetString(type.Name) + "+" + name;
        }

        var ns = metadata.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
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
        catch (Exception e) when (IsMalformed(e))
        {
            return null;
        }
    }

    /// <summary>Computes a reference's display name now, inside the inspection: a public key that is not one throws only then.</summary>
    private static System.Reflection.AssemblyName WellFormed(System.Reflection.AssemblyName name)
    {
        _ = name.FullName;
        return name;
    }

    /// <summary>
    /// Whether an exception from System.Reflection.Metadata means the image is malformed: besides
    /// <see cref="BadImageFormatException"/>, its readers trust declared sizes and indexes enough to throw overflow,
    /// argument and index exceptions on hostile bytes (found by the mutation harness).
    /// </summary>
    internal static bool IsMalformed(Exception e) =>
        e is BadImageFormatException or InvalidOperationException or OverflowException or ArgumentException or IndexOutOfRangeException or NotSupportedException or System.Security.SecurityException;

    /// <summary>Describes a PE file shorter than its headers say it is.</summary>
    internal static string Truncated(long declared, int length) => $"it is truncated: its headers declare {declared} bytes but the file has {length} (still being copied?)";

    /// <summary>
    /// Reads, from the PE section table alone, how long the file must be: the end of its last section. A file shorter
    /// than that was cut off, typically because it is still being copied. <see langword="null"/> when the headers are
    /// not those of a PE file (or are cut off themselves).
    /// </summary>
    internal static long? DeclaredLength(ReadOnlySpan<byte> image)
    {
        const int PeOffsetField = 0x3C;
        const int CoffHeaderLength = 20;
        const int SectionHeaderLength = 40;
        if (image.Length < PeOffsetField + 4 || image[0] != 'M' || image[1] != 'Z')
        {
            return null;
        }

        var peHeader = BinaryPrimitives.ReadInt32LittleEndian(image[PeOffsetField..]);
        if (peHeader < 0 || peHeader > image.Length - 4 - CoffHeaderLength || !image.Slice(peHeader, 4).SequenceEqual("PE\0\0"u8))
        {
            return null;
        }

        var coff = image.Slice(peHeader + 4, CoffHeaderLength);
        var sections = BinaryPrimitives.ReadUInt16LittleEndian(coff[2..]);
        var sectionTable = (long)peHeader + 4 + CoffHeaderLength + BinaryPrimitives.ReadUInt16LittleEndian(coff[16..]);
        long end = sectionTable + ((long)sections * SectionHeaderLength);
        for (var i = 0; i < sections && sectionTable + ((i + 1) * SectionHeaderLength) <= image.Length; i++)
        {
            var section = image.Slice((int)(sectionTable + (i * SectionHeaderLength)), SectionHeaderLength);
            var sizeOfRawData = BinaryPrimitives.ReadUInt32LittleEndian(section[16..]);
            var pointerToRawData = BinaryPrimitives.ReadUInt32LittleEndian(section[20..]);
            end = Math.Max(end, (long)pointerToRawData + sizeOfRawData);
        }

        return end;
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
