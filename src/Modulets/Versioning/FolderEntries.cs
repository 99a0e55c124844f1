using System.IO.Enumeration;

namespace Modulets;

/// <summary>
/// Lists what a module folder holds, never following a symbolic link: a link (to a file outside the folder, to a
/// directory, or a loop) is skipped, so no walk of a module folder is unbounded or leaves it. A version is the files
/// that are really in the folder.
/// </summary>
internal static class FolderEntries
{
    /// <summary>Lists the files (not links) of a folder matching a pattern, and of its subfolders (not links) when <paramref name="recursive"/>.</summary>
    public static IEnumerable<string> Files(string folder, string pattern = "*", bool recursive = false) =>
        new FileSystemEnumerable<string>(folder, (ref entry) => entry.ToFullPath(), Options(recursive))
        {
            ShouldIncludePredicate = (ref entry) => !entry.IsDirectory && !IsLink(ref entry) && FileSystemName.MatchesSimpleExpression(pattern, entry.FileName),
            ShouldRecursePredicate = (ref entry) => !IsLink(ref entry),
        };

    /// <summary>Lists the subfolders (not links) of a folder.</summary>
    /// <summary>Lists a folder's own files and subfolders (links left out) in one pass over it.</summary>
    public static (List<string> Files, List<string> Directories) List(string folder)
    {
        var (files, directories) = (new List<string>(), new List<string>());
        foreach (var (path, isDirectory) in new FileSystemEnumerable<(string, bool)>(folder, (ref entry) => (entry.ToFullPath(), entry.IsDirectory), Options(recursive: false))
        {
            ShouldIncludePredicate = (ref entry) => !IsLink(ref entry),
        })
        {
            (isDirectory ? directories : files).Add(path);
        }

        return (files, directories);
    }

    /// <summary>Describes every file (not link) below a folder by path, size and write time, in one pass that reads each from the enumeration's own stat.</summary>
    public static string[] Describe(string folder)
    {
        var entries = new FileSystemEnumerable<string>(
            folder,
            (ref entry) => $"{entry.ToSpecifiedFullPath()}|{entry.Length}|{entry.LastWriteTimeUtc.Ticks}",
            Options(recursive: true))
        {
            ShouldIncludePredicate = (ref entry) => !entry.IsDirectory && !IsLink(ref entry),
            ShouldRecursePredicate = (ref entry) => !IsLink(ref entry),
        }.ToArray();
        Array.Sort(entries, StringComparer.Ordinal);
        return entries;
    }

    private static bool IsLink(ref FileSystemEntry entry) => (entry.Attributes & FileAttributes.ReparsePoint) != 0;

    private static EnumerationOptions Options(bool recursive) =>
        new() { RecurseSubdirectories = recursive, AttributesToSkip = 0, MatchType = MatchType.Simple, IgnoreInaccessible = false };
}
