using NuGet.Packaging.Core;

namespace Modulets.NuGet;

/// <summary>Tells the exceptions NuGet's package reader throws on corrupt bytes (its zip structure, its nuspec, its file names) from every other failure.</summary>
internal static class CorruptPackage
{
    /// <summary>Whether <paramref name="e"/> means the package is corrupt: the mutation harness found each of these thrown on hostile packages.</summary>
    public static bool Is(Exception e) =>
        e is InvalidDataException or PackagingException or System.Xml.XmlException or InvalidOperationException or ArgumentException or FormatException or NotSupportedException or EndOfStreamException;
}
