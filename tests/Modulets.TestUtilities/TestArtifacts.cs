using OpenQA.Selenium;

namespace Modulets.TestUtilities;

/// <summary>Files a test keeps for people to look at (screenshots): in its project's <c>TestResults/artifacts</c>, beside the TRX files.</summary>
public static class TestArtifacts
{
    public static string Directory { get; } = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "TestResults", "artifacts"));

    /// <summary>Saves a screenshot of what the browser shows now, and returns its path.</summary>
    public static string SaveScreenshot(IWebDriver browser, string name)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, name + ".png");
        ((ITakesScreenshot)browser).GetScreenshot().SaveAsFile(path);
        return path;
    }
}
