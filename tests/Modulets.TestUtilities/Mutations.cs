using System.Text;

namespace Modulets.TestUtilities;

/// <summary>
/// Deterministic mutations of a seed input, from a seeded random source, so that a failing input is named by its number
/// and made again exactly: bit flips, bytes set to edge values, truncations, insertions, deletions, duplicated ranges,
/// and, for PE images, edits aimed at the headers and the metadata root, and 16-bit fields of the metadata tables (the
/// heap indexes, row indexes and coded indexes a reader follows), where a reader's trust in declared sizes, offsets and
/// references lives.
/// </summary>
public static class Mutations
{
    private static readonly byte[] s_edges = [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF];
    private static readonly uint[] s_edgeFields = [0, 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF];
    private static readonly ushort[] s_edgeIndexes = [0, 1, 2, 3, 0x7FFF, 0x8000, 0xFFFF];

    /// <summary>Gets input <paramref name="number"/> of the sequence over <paramref name="seed"/>: the same number, the same bytes.</summary>
    public static (string Mutation, byte[] Input) Make(byte[] seed, int number)
    {
        var random = new Random(unchecked((seed.Length * 1_000_003) + number)); // not HashCode: it is seeded per process
        var input = (byte[])seed.Clone();
        var steps = new StringBuilder();
        for (var step = 0; step < 1 + random.Next(3); step++)
        {
            input = Apply(input, random, steps);
        }

        return (steps.ToString().TrimEnd(';', ' '), input);
    }

    private static byte[] Apply(byte[] input, Random random, StringBuilder steps)
    {
        if (input.Length == 0)
        {
            steps.Append("grow; ");
            return [.. Enumerable.Range(0, 16).Select(_ => (byte)random.Next(256))];
        }

        var at = Target(input, random);
        switch (random.Next(8))
        {
            case 0:
                input[at] ^= (byte)(1 << random.Next(8));
                steps.Append($"flip bit at {at}; ");
                return input;
            case 1:
                input[at] = s_edges[random.Next(s_edges.Length)];
                steps.Append($"edge byte at {at}; ");
                return input;
            case 2:
                // A 32-bit field (a size, an offset, a row count) set to an edge value.
                var field = Math.Min(at, input.Length - 4);
                if (field >= 0)
                {
                    var value = random.Next(s_edgeFields.Length + 1) is var pick && pick < s_edgeFields.Length ? s_edgeFields[pick] : (uint)input.Length;
                    BitConverter.TryWriteBytes(input.AsSpan(field), value);
                }

                steps.Append($"int32 field at {field}; ");
                return input;
            case 3:
                steps.Append($"truncate at {at}; ");
                return input[..at];
            case 4:
                var inserted = Enumerable.Range(0, 1 + random.Next(64)).Select(_ => (byte)random.Next(256)).ToArray();
                steps.Append($"insert {inserted.Length} at {at}; ");
                return [.. input[..at], .. inserted, .. input[at..]];
            case 5:
                var end = Math.Min(input.Length, at + 1 + random.Next(256));
                steps.Append($"delete {at}..{end}; ");
                return [.. input[..at], .. input[end..]];
            case 6 when TableStream(input) is var (tables, tablesLength) && tablesLength >= 2:
                // A table field (a heap index, a row index, a coded index) pointed elsewhere: past its heap, at another
                // row, at itself. A small image's fields are 2 bytes; a field may start at any byte, as rows are packed.
                var tableField = tables + random.Next(tablesLength - 1);
                var index = random.Next(3) == 0 ? s_edgeIndexes[random.Next(s_edgeIndexes.Length)] : (ushort)random.Next(64);
                BitConverter.TryWriteBytes(input.AsSpan(tableField), index);
                steps.Append($"int16 table field at {tableField} = {index}; ");
                return input;
            default:
                var from = random.Next(input.Length);
                var length = Math.Min(input.Length - from, 1 + random.Next(128));
                steps.Append($"copy {from}+{length} to {at}; ");
                input.AsSpan(from, length).ToArray().AsSpan(0, Math.Min(length, input.Length - at)).CopyTo(input.AsSpan(at));
                return input;
        }
    }

    /// <summary>The table stream (<c>#~</c>) of a PE image's metadata, found from the metadata root's stream headers; <see langword="null"/> when there is none to find.</summary>
    private static (int Start, int Length)? TableStream(byte[] input)
    {
        var root = input.AsSpan().IndexOf("BSJB"u8);
        if (root < 0 || root + 16 > input.Length)
        {
            return null;
        }

        // Signature, versions and reserved (12 bytes), the version string's length and the string, flags, stream count.
        var header = root + 16 + BitConverter.ToInt32(input, root + 12);
        if (header < root + 16 || header + 4 > input.Length)
        {
            return null;
        }

        var streams = BitConverter.ToUInt16(input, header + 2);
        for (var (entry, i) = (header + 4, 0); i < streams && entry + 11 < input.Length; i++)
        {
            var (offset, size) = (BitConverter.ToInt32(input, entry), BitConverter.ToInt32(input, entry + 4));
            var name = input.AsSpan(entry + 8);
            var nameLength = name.IndexOf((byte)0);
            if (nameLength < 0)
            {
                return null;
            }

            if (name[..nameLength].SequenceEqual("#~"u8) && offset >= 0 && size > 0 && root + (long)offset + size <= input.Length)
            {
                return (root + offset, size);
            }

            entry += 8 + ((nameLength + 4) & ~3);
        }

        return null;
    }

    /// <summary>Where to mutate: half the time in the first 1 KB (headers), a quarter near the metadata root ("BSJB") or a JSON structure character, else anywhere.</summary>
    private static int Target(byte[] input, Random random)
    {
        var roll = random.Next(4);
        if (roll < 2)
        {
            return random.Next(Math.Min(input.Length, 1024));
        }

        if (roll == 2)
        {
            var root = input.AsSpan().IndexOf("BSJB"u8);
            if (root >= 0)
            {
                return Math.Min(input.Length - 1, root + random.Next(256));
            }

            var structure = input.AsSpan().IndexOfAny("{[\":"u8);
            if (structure >= 0)
            {
                return Math.Min(input.Length - 1, structure + random.Next(Math.Max(1, input.Length - structure)));
            }
        }

        return random.Next(input.Length);
    }
}
