using Modulets.TestUtilities;

namespace Modulets.Fuzzing;

/// <summary>The seeds the targets start from that are not build outputs of their own: a module assembly built by Roslyn, and that module packed as a feed's package.</summary>
internal static class Seeds
{
    public static int Write(string folder)
    {
        var module = TestModules.Magic(1);
        Directory.CreateDirectory(Path.Combine(folder, "assembly"));
        File.WriteAllBytes(Path.Combine(folder, "assembly", module.FileName), module.Image);
        Directory.CreateDirectory(Path.Combine(folder, "package"));
        FolderFeed.Publish(Path.Combine(folder, "package"), "FeedModule", "1.0.0", module, "The module the package target's inputs are mutated from.");
        return 0;
    }
}
