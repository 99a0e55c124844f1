using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;

namespace Modulets.AspNetCore.Tests.Dashboard;

/// <summary>The dashboard in a real headless browser, against a real host: what an operator sees, and what a click does.</summary>
public sealed class DashboardTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _profile = Directory.CreateTempSubdirectory("modulets-chromium-").FullName;

    [Fact]
    public async Task TheTimeline_DrawsASwapLive_EachVersionWithItsJobs()
    {
        await using var host = await ControlHost.StartAsync();
        using var browser = HeadlessChromium.Start(_profile);
        browser.Manage().Window.Size = new System.Drawing.Size(1280, 900);
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(30));
        var first = host.Manager().CurrentVersion;
        var firstJobs = new TaskCompletionSource();
        var onFirst = Enumerable.Range(0, 4).Select(_ => host.Manager().StartJob((_, token) => firstJobs.Task.WaitAsync(token))).ToList();

        browser.Navigate().GoToUrl(new Uri(host.BaseAddress, "modulets/"));
        var page = (IJavaScriptExecutor)browser;
        page.ExecuteScript("window.sameDocument = true;"); // gone if the page reloads
        wait.Until(_ => LaneAttribute(browser, first.Id, "data-jobs-now") == "4");

        // The swap, while the page is open: a second lane appears, the first drains, then is collected once its jobs end.
        host.Folder().Write(TestModules.Magic(2));
        var second = host.Manager().Refresh();
        var onSecond = Enumerable.Range(0, 2).Select(_ => host.Manager().StartJob((_, token) => Task.Delay(Timeout.Infinite, token))).ToList();
        wait.Until(_ => LaneAttribute(browser, second.Id, "data-jobs-now") == "2");
        wait.Until(_ => LaneAttribute(browser, first.Id, "data-state")).Should().Be("Draining");
        firstJobs.SetResult();
        wait.Until(_ => LaneAttribute(browser, first.Id, "data-state") == "Collected");
        wait.Until(_ => LaneAttribute(browser, first.Id, "data-jobs-now") == "0");

        // The timeline is redrawn every second: the lane is read whole, again if a redraw replaced it meanwhile.
        var (mostJobs, phases, collectedMarks) = wait.Until(_ => LaneFacts(browser, first.Id));
        mostJobs.Should().Be("4");
        phases.Should().Equal("phase live", "phase draining", "phase unloading");
        collectedMarks.Should().Be(1);
        wait.Until(_ => LaneAttribute(browser, second.Id, "data-state")).Should().Be("Current");
        page.ExecuteScript("return window.sameDocument === true;").Should().Be(true, "the timeline moved without a reload");
        output.WriteLine($"Screenshot of the timeline after the swap: {TestArtifacts.SaveScreenshot(browser, "dashboard-timeline-swap")}");
        onSecond.ForEach(job => job.Dispose());
    }

    [Fact]
    public async Task TheDashboard_ShowsAVersionChangeLive_AndAListEditTakesEffect()
    {
        await using var host = await ControlHost.StartAsync(["default", "billing"]);
        using var browser = HeadlessChromium.Start(_profile);
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(30));
        var first = host.Manager().CurrentVersion;

        browser.Navigate().GoToUrl(new Uri(host.BaseAddress, "modulets"));
        wait.Until(d => d.FindElement(By.Id("connection")).GetAttribute("data-state") == "live");
        wait.Until(d => d.FindElements(By.CssSelector("section.manager")).Count == 2);
        var section = browser.FindElement(By.CssSelector("section.manager[data-manager='default']"));
        wait.Until(_ => section.FindElement(By.CssSelector(".current-version")).Text == first.ShortId);

        // An update arrives while the page is open: the event stream brings it, no reload.
        host.Folder().Write(TestModules.Magic(2));
        var second = host.Manager().Refresh();
        wait.Until(_ => section.FindElement(By.CssSelector(".current-version")).Text == second.ShortId);
        wait.Until(_ => State(section, first.Id) == "Collected");
        State(section, second.Id).Should().Be("Current");

        // A list edit from the page changes the manager's policy.
        var shared = section.FindElement(By.CssSelector(".list[data-list='shared']"));
        shared.FindElement(By.Name("pattern")).SendKeys("Jobs.Contracts");
        shared.FindElement(By.CssSelector("button[type='submit']")).Click();
        wait.Until(_ => shared.FindElements(By.CssSelector("li[data-pattern='Jobs.Contracts']")).Count == 1);
        host.Manager().Isolation.Shared.Should().Contain("Jobs.Contracts");
        host.Audit().Should().Contain(r => r.Message.Contains("add 'Jobs.Contracts' to the shared list", StringComparison.Ordinal));

        // And an edit made elsewhere shows up on the page.
        host.Manager().Isolation.Isolate("MagicModule");
        wait.Until(_ => section.FindElements(By.CssSelector(".list[data-list='isolated'] li[data-pattern='MagicModule']")).Count == 1);
        browser.FindElement(By.Id("error")).Displayed.Should().BeFalse();
    }

    [Fact]
    public async Task TheDashboard_PurgesADrainingVersion_WithItsButton()
    {
        await using var host = await ControlHost.StartAsync();
        using var browser = HeadlessChromium.Start(_profile);
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(30));
        var first = host.Manager().CurrentVersion;
        using var job = host.Manager().StartJob((_, token) => Task.Delay(Timeout.Infinite, token));
        host.Folder().Write(TestModules.Magic(2));
        host.Manager().Refresh();

        browser.Navigate().GoToUrl(new Uri(host.BaseAddress, "modulets/"));
        var section = wait.Until(d => d.FindElement(By.CssSelector("section.manager[data-manager='default']")));
        wait.Until(_ => State(section, first.Id) == "Draining");
        ((IJavaScriptExecutor)browser).ExecuteScript("window.confirm = () => true;");
        section.FindElement(By.CssSelector($"tr.version[data-version-id='{first.Id}'] button.purge")).Click();

        wait.Until(_ => State(section, first.Id) == "Collected");
        job.Completion.IsCanceled.Should().BeTrue();
    }

    [Fact]
    public async Task TheRolloutPanel_ShowsCandidateAndStableSideBySide_AndAbortRollsBack()
    {
        await using var host = await ControlHost.StartAsync(configureServices: builder =>
            builder.Services.Configure<ModuletOptions>(options => options.Canary = new CanaryOptions { Steps = [25, 100], MinJobsPerStep = 1000 }));
        using var browser = HeadlessChromium.Start(_profile);
        browser.Manage().Window.Size = new System.Drawing.Size(1280, 900);
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(30));
        var stable = host.Manager().CurrentVersion;
        browser.Navigate().GoToUrl(new Uri(host.BaseAddress, "modulets/"));
        var section = wait.Until(d => d.FindElement(By.CssSelector("section.manager[data-manager='default']")));

        host.Folder().Write(TestModules.Magic(2));
        host.Manager().Refresh();
        var candidate = host.Manager().Rollout!.Candidate;
        for (var i = 0; i < 40; i++)
        {
            await host.Manager().StartJob(_ => Task.CompletedTask).Completion;
        }

        var panel = wait.Until(_ => section.FindElement(By.CssSelector("section.rollout")) is { Displayed: true } shown ? shown : null);
        wait.Until(_ => Side(panel, "candidate", ".ended") != "0");
        panel.FindElement(By.CssSelector("progress.rollout-split")).GetAttribute("value").Should().Be("25");
        Side(panel, "candidate", "code").Should().Be(candidate.ShortId);
        Side(panel, "stable", "code").Should().Be(stable.ShortId);
        (Side(panel, "candidate", ".share"), Side(panel, "stable", ".share")).Should().Be(("25%", "75%"));
        output.WriteLine($"Screenshot of a rollout: {TestArtifacts.SaveScreenshot(browser, "dashboard-rollout")}");

        ((IJavaScriptExecutor)browser).ExecuteScript("window.confirm = () => true;");
        panel.FindElement(By.CssSelector("button.abort")).Click();

        wait.Until(_ => panel.FindElement(By.CssSelector(".rollout-state")).Text == "rolled back");
        host.Manager().Rollout!.State.Should().Be(RolloutState.RolledBack);
        panel.FindElement(By.CssSelector(".rollout-actions")).Displayed.Should().BeFalse("an ended rollout cannot be steered");
    }

    public void Dispose() => Directory.Delete(_profile, recursive: true);

    private static string Side(IWebElement panel, string side, string selector)
    {
        try
        {
            return panel.FindElement(By.CssSelector($"tr[data-side='{side}'] {selector}")).Text;
        }
        catch (StaleElementReferenceException)
        {
            return string.Empty;
        }
    }

    private static Tuple<string?, List<string?>, int>? LaneFacts(IWebDriver browser, string versionId)
    {
        try
        {
            var lane = Lane(browser, versionId);
            return lane is null
                ? null
                : Tuple.Create(lane.GetAttribute("data-most-jobs"), lane.FindElements(By.CssSelector("rect.phase")).Select(bar => bar.GetAttribute("class")).ToList(), lane.FindElements(By.CssSelector("line.collected-mark")).Count);
        }
        catch (StaleElementReferenceException)
        {
            return null;
        }
    }

    private static IWebElement? Lane(IWebDriver browser, string versionId) =>
        browser.FindElements(By.CssSelector($"svg.timeline g.lane[data-version-id='{versionId}']")).SingleOrDefault();

    /// <summary>One attribute of a version's lane; null when there is no lane yet or a redraw replaced it under the read (ask again).</summary>
    private static string? LaneAttribute(IWebDriver browser, string versionId, string attribute)
    {
        try
        {
            return Lane(browser, versionId)?.GetAttribute(attribute);
        }
        catch (StaleElementReferenceException)
        {
            return null;
        }
    }

    private static string? State(IWebElement section, string versionId)
    {
        try
        {
            return section.FindElements(By.CssSelector($"tr.version[data-version-id='{versionId}']")).SingleOrDefault()?.GetAttribute("data-state");
        }
        catch (StaleElementReferenceException)
        {
            return null; // the table was redrawn under the query; ask again
        }
    }
}
