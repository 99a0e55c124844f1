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
    public Task Refresh_AnInterfaceNamedOutsideTheStringHeap_IsRejectedWithItsReason_AndJobsKeepTheirVersion() =>
        RefreshRejectsAsync(WithTypeReferenceNamedPastTheStringHeap(TestModules.Magic(2).Image, "IMagic"), "not a valid .NET assembly");

    /// <summary>
    /// Found by the <c>assembly</c> target, minimized to two bytes off a real build: a reference with an empty name, whose
    /// flags say its 8-byte public key token is a whole public key, reads well (its display name is computed), but the
    /// runtime's binder, asked whether the host provides it, threw <see cref="System.Security.SecurityException"/>
    /// ("Invalid assembly public key") out of the reader.
    /// </summary>
    [Fact]
    public Task Refresh_AReferenceWithoutANameWhoseTokenIsFlaggedAsAKey_IsRejectedWithItsReason_AndJobsKeepTheirVersion() =>
        RefreshRejectsAsync(WithAssemblyReferenceUnnamedAndFlaggedAsFullKey(TestModules.Magic(2).Image, "System.Private.CoreLib"), "references ''", "public key");

    /// <summary>
    /// Found by the <c>assembly</c> target: a type reference scoped by itself (as a nested type's reference is scoped by
    /// its declaring type's) sent the walk to the reference's assembly round the cycle until the stack overflowed, which
    /// no handler can catch: the process died. Both walks of a chain the image declares (resolution scopes, declaring
    /// types) now take at most one step per row.
    /// </summary>
    [Fact]
    public Task Refresh_ATypeReferenceScopedByItself_IsRejectedWithItsReason_AndJobsKeepTheirVersion() =>
        RefreshRejectsAsync(WithTypeReferenceScopedByItself(TestModules.Magic(2).Image, "IMagic"), "resolution scopes form a cycle");

    /// <summary>A manager on a good build refreshes onto <paramref name="image"/>: it is rejected once, with the file and each part of <paramref name="reason"/>, and jobs keep starting on the good build.</summary>
    private static async Task RefreshRejectsAsync(byte[] image, params string[] reason)
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        var good = test.Manager.CurrentVersion;

        folder.WriteFile("MagicModule.dll", image);
        var current = test.Manager.Refresh();

        current.Should().BeSameAs(good);
        var rejection = test.Events(7).Should().ContainSingle().Subject.Message;
        rejection.Should().Contain(folder["MagicModule.dll"]);
        foreach (var part in reason)
        {
            rejection.Should().Contain(part);
        }

        (await test.Manager.StartMagicJob().Magic).Should().Be(1);
    }

    /// <summary>The image with its type reference <paramref name="name"/> scoped by itself.</summary>
    private static byte[] WithTypeReferenceScopedByItself(byte[] image, string name)
    {
        // ResolutionScope is a coded index: the row number shifted by 2, tagged 3 for a TypeRef.
        return EditRow(image, TableIndex.TypeRef, (metadata, row) => metadata.GetString(metadata.GetTypeReference((TypeReferenceHandle)row).Name) == name, field: 0, (row, number) => BinaryPrimitives.WriteUInt16LittleEndian(row, (ushort)((number << 2) | 3)));
    }

    /// <summary>The image with the name of its type reference <paramref name="name"/> pointed past the end of the <c>#Strings</c> heap.</summary>
    private static byte[] WithTypeReferenceNamedPastTheStringHeap(byte[] image, string name)
    {
        // A TypeRef row is ResolutionScope, Name, Namespace: with 2-byte indexes, the name is at bytes 2-3.
        return EditRow(image, TableIndex.TypeRef, (metadata, row) => metadata.GetString(metadata.GetTypeReference((TypeReferenceHandle)row).Name) == name, field: 2, (row, _) => BinaryPrimitives.WriteUInt16LittleEndian(row, ushort.MaxValue));
    }

    /// <summary>The image with its reference to <paramref name="name"/> renamed to the empty string and flagged (0x7F, as found) as carrying a full public key, where it carries a token.</summary>
    private static byte[] WithAssemblyReferenceUnnamedAndFlaggedAsFullKey(byte[] image, string name)
    {
        // An AssemblyRef row is Major, Minor, Build, Revision (2 bytes each), Flags (4), PublicKeyOrToken (2), Name (2).
        return EditRow(image, TableIndex.AssemblyRef, (metadata, row) => metadata.GetString(metadata.GetAssemblyReference((AssemblyReferenceHandle)row).Name) == name, field: 8, (row, _) =>
        {
            row[0] = 0x7F;
            BinaryPrimitives.WriteUInt16LittleEndian(row[6..], 0);
        });
    }

    /// <summary>Edits, in a copy of the image, one field of the table row that <paramref name="isRow"/> picks; a small image's indexes are all 2 bytes wide.</summary>
    private static byte[] EditRow(byte[] image, TableIndex table, Func<MetadataReader, EntityHandle, bool> isRow, int field, RowEdit edit)
    {
        using var pe = new PEReader(ImmutableArray.Create(image));
        var metadata = pe.GetMetadataReader();
        metadata.GetHeapSize(HeapIndex.String).Should().BeLessThan(ushort.MaxValue, "a small image has 2-byte string indexes");
        var row = Enumerable.Range(1, metadata.GetTableRowCount(table)).Select(number => MetadataTokens.EntityHandle(table, number)).Single(handle => isRow(metadata, handle));
        var offset = pe.PEHeaders.MetadataStartOffset + metadata.GetTableMetadataOffset(table) + ((MetadataTokens.GetRowNumber(row) - 1) * metadata.GetTableRowSize(table));
        var edited = (byte[])image.Clone();
        edit(edited.AsSpan(offset + field, metadata.GetTableRowSize(table) - field), MetadataTokens.GetRowNumber(row));
        return edited;
    }

    private delegate void RowEdit(Span<byte> field, int rowNumber);
}
