using System.Text.RegularExpressions;

namespace Modulets.Tests.Documentation;

/// <summary>
/// The C# the README and the documentation show is compiled: each block is a <c>#region</c> of
/// <c>docs/snippets</c> (built with the solution), marked <c>&lt;!-- snippet: name --&gt;</c> on the page, and shown
/// exactly as it is there.
/// </summary>
public partial class DocumentationSnippetsTests
{
    private static readonly string s_root = FindRepositoryRoot();

    public static TheoryData<string> Pages() => [.. PageFiles()];

    private static IEnumerable<string> PageFiles()
    {
        var pages = Directory.EnumerateFiles(Path.Combine(s_root, "docs"), "*.md", SearchOption.AllDirectories)
            .Where(page => !page.Contains($"{Path.DirectorySeparatorChar}_site{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(page => Path.GetRelativePath(s_root, page))
            .Concat(Directory.EnumerateFiles(Path.Combine(s_root, "src"), "README.md", SearchOption.AllDirectories).Select(page => Path.GetRelativePath(s_root, page)))
            .Prepend("README.md");
        return pages;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void EveryCSharpBlock_IsACompiledSnippet_ShownAsItIs(string page)
    {
        var regions = Regions();
        var text = File.ReadAllText(Path.Combine(s_root, page)).ReplaceLineEndings("\n");

        foreach (Match block in CSharpBlock().Matches(text))
        {
            var name = block.Groups["name"];
            name.Success.Should().BeTrue($"every C# block of {page} is compiled: mark it <!-- snippet: name --> and make it a #region of docs/snippets (this one begins '{block.Groups["code"].Value.Split('\n')[0]}')");
            regions.Should().ContainKey(name.Value, $"{page} shows the snippet '{name.Value}'");
            block.Groups["code"].Value.Should().Be(regions[name.Value], $"{page} shows the region '{name.Value}' of docs/snippets as it is");
        }
    }

    [Fact]
    public void EverySnippet_IsShownOnAPage()
    {
        var shown = PageFiles()
            .SelectMany(page => CSharpBlock().Matches(File.ReadAllText(Path.Combine(s_root, page)).ReplaceLineEndings("\n")))
            .Select(block => block.Groups["name"].Value)
            .ToHashSet();

        Regions().Keys.Should().BeSubsetOf(shown, "a region of docs/snippets that no page shows is dead code");
    }

    /// <summary>The regions of <c>docs/snippets</c>, each without the indentation it has in its file.</summary>
    private static Dictionary<string, string> Regions()
    {
        var regions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(s_root, "docs", "snippets"), "*.cs"))
        {
            foreach (Match region in Region().Matches(File.ReadAllText(file).ReplaceLineEndings("\n")))
            {
                var lines = region.Groups["code"].Value.Split('\n');
                var indent = lines.Where(line => line.Trim().Length > 0).Min(line => line.Length - line.TrimStart().Length);
                regions.Add(region.Groups["name"].Value, string.Join('\n', lines.Select(line => line.Trim().Length == 0 ? string.Empty : line[indent..])));
            }
        }

        return regions;
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Modulets.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Modulets.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"(?:<!-- snippet: (?<name>\S+) -->\n)?```csharp\n(?<code>.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex(@"^[ \t]*#region (?<name>\S+)\n(?<code>.*?)\n[ \t]*#endregion", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex Region();
}
