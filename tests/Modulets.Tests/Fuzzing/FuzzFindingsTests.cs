using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Modulets.Tests.Fuzzing;

/// <summary>
/// What the coverage-guided runs (fuzz/fuzz.sh) found, each made again from a real module build by the one edit that
/// matters, so the case says what it is: a reader must reject such an image with its reason, and the host go on.
/// </summary>
public sealed class FuzzFindingsTests
{
    /// <summary>
    /// Found by the <c>load</c> target: an image whose type definitions read well but whose interface reference is named
    /// outside the string heap passed the inspection, and the startup-type lookup (a second reader of its metadata, while
    /// the version was being made) threw <see cref="BadImageFormatException"/> out of <c>Refresh</c>. Everything the
    /// version asks of the metadata is now read in the inspection's one pass.
    /// </summary>
    [Fact]
    public async Task Refresh_AnInterfaceNamedOutsideTheStringHeap_IsRejectedWithItsReason_AndJobsKeepTheirVersion()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        var good = test.Manager.CurrentVersion;

        folder.WriteFile("MagicModule.dll", WithTypeReferenceNamedPastTheStringHeap(TestModules.Magic(2).Image, "IMagic"));
        var current = test.Manager.Refresh();

        current.Should().BeSameAs(good);
        test.Events(7).Should().ContainSingle().Which.Message.Should().Contain(folder["MagicModule.dll"]).And.Contain("not a valid .NET assembly");
        (await test.Manager.StartMagicJob().Magic).Should().Be(1);
    }

    /// <summary>The image with the name of its type reference <paramref name="name"/> pointed past the end of the <c>#Strings</c> heap.</summary>
    private static byte[] WithTypeReferenceNamedPastTheStringHeap(byte[] image, string name)
    {
        using var pe = new PEReader(ImmutableArray.Create(image));
        var metadata = pe.GetMetadataReader();
        var row = metadata.TypeReferences.Single(handle => metadata.GetString(metadata.GetTypeReference(handle).Name) == name);
        metadata.GetHeapSize(HeapIndex.String).Should().BeLessThan(ushort.MaxValue, "a small image has 2-byte string indexes");
        metadata.GetTableRowCount(TableIndex.AssemblyRef).Should().BeLessThan(1 << 14, "and a 2-byte resolution scope");

        // A TypeRef row is ResolutionScope, Name, Namespace: the name is the 2 bytes after the 2-byte scope.
        var rowOffset = pe.PEHeaders.MetadataStartOffset + metadata.GetTableMetadataOffset(TableIndex.TypeRef) + ((MetadataTokens.GetRowNumber(row) - 1) * metadata.GetTableRowSize(TableIndex.TypeRef));
        var edited = (byte[])image.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(edited.AsSpan(rowOffset + 2), ushort.MaxValue);
        return edited;
    }
}
