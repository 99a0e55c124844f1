using OpenQA.Selenium.Chrome;

namespace Modulets.TestUtilities;

/// <summary>Debian's chromium, headless, driven through Debian's chromedriver (installed from Debian's packages when missing; no browser is downloaded).</summary>
public static class HeadlessChromium
{
    public const string Browser = "/usr/bin/chromium";
    public const string Driver = "/usr/bin/chromedriver";

    public static ChromeDriver Start(string profileDirectory)
    {
        SystemPackages.Ensure("The dashboard tests' headless browser", static () => File.Exists(Browser) && File.Exists(Driver), "chromium", "chromium-driver");

        var options = new ChromeOptions { BinaryLocation = Browser };
        options.AddArguments(
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            $"--user-data-dir={profileDirectory}");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Driver), Path.GetFileName(Driver));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(30);
        return driver;
    }
}
