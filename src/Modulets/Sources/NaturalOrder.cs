namespace Modulets;

/// <summary>Orders names the way people number versions: digit runs compare as numbers, so <c>9</c> &lt; <c>10</c> and <c>1.2.9</c> &lt; <c>1.2.10</c>.</summary>
internal sealed class NaturalOrder : IComparer<string>
{
    public static NaturalOrder Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                var xRun = DigitRun(x, ref i);
                var yRun = DigitRun(y, ref j);
                var byNumber = xRun.Length != yRun.Length ? xRun.Length.CompareTo(yRun.Length) : string.CompareOrdinal(xRun, yRun);
                if (byNumber != 0)
                {
                    return byNumber;
                }

                continue;
            }

            var byChar = char.ToUpperInvariant(x[i]).CompareTo(char.ToUpperInvariant(y[j]));
            if (byChar != 0)
            {
                return byChar;
            }

            i++;
            j++;
        }

        return (x.Length - i).CompareTo(y.Length - j);
    }

    private static string DigitRun(string s, ref int index)
    {
        var start = index;
        while (index < s.Length && char.IsAsciiDigit(s[index]))
        {
            index++;
        }

        return s[start..index].TrimStart('0');
    }
}
