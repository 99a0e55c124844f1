using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Modulets.TestUtilities;
using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;
using Xunit.Abstractions;

namespace Modulets.Cli.Tests;

/// <summary>
/// <c>modulets dashboard</c> as a newcomer and an operator use it: one command opens the JobServer sample's dashboard,
/// whose timeline moves during the sample's update; several servers make a fleet page with the skewed one marked; and
/// only the browser given the printed URL gets in, while the servers never see its cookie.
/// </summary>
public sealed partial class DashboardCommandTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly Programs _programs = new(Directory.CreateTempSubdirectory("modulets-sockets-").FullName);
    private readonly string _profile = Directory.CreateTempSubdirectory("modulets-chromium-").FullName;
    private readonly List<Process> _processes = [];
    private readonly List<LoopbackControlServer> _servers = [];
    private readonly List<ModulesFolder> _folders = [];
    private readonly ConcurrentQueue<(string Authorization, string Cookie)> _forwarded = new();

    [Fact]
    public async Task Dashboard_OfTheJobServerSample_ShowsItsUpdateOnTheTimeline_WithoutAReload()
    {
        var jobServer = Start("JobServer", "--jobs", "30", "--ship-after", "6", "--reply-within", "4");
        var socket = Path.Combine(_programs.SocketDirectory, $"modulets-{jobServer.Id}.sock");
        await Eventually.TrueAsync(() => File.Exists(socket), "the JobServer's control socket", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100));
        var url = await StartDashboardAsync("--server", jobServer.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var browser = HeadlessChromium.Start(_profile);
        browser.Manage().Window.Size = new System.Drawing.Size(1280, 800);
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(60));

        browser.Navigate().GoToUrl(url);
        wait.Until(_ => Lanes(browser).Any(lane => lane.State == "Current" && lane.JobsNow > 0));
        var page = (IJavaScriptExecutor)browser;
        page.ExecuteScript("window.sameDocument = true;");
        var first = wait.Until(_ => Lanes(browser) is [var only] ? only.Id : null); // asked again if the timeline was redrawn under the query

        // The sample ships SendEmail v2: a second lane appears beside the first, which drains and is then collected.
        wait.Until(_ => Lanes(browser) is [{ State: "Draining" or "Unloading" or "Collected" }, { State: "Current", JobsNow: > 0 }]);
        output.WriteLine($"During the update: {TestArtifacts.SaveScreenshot(browser, "jobserver-dashboard-update")}");
        wait.Until(_ => Lanes(browser).Any(lane => lane.Id == first && lane.State == "Collected"));
        output.WriteLine($"After the update: {TestArtifacts.SaveScreenshot(browser, "jobserver-dashboard-collected")}");
        page.ExecuteScript("return window.sameDocument === true;").Should().Be(true, "the timeline moved without a reload");
    }

    [Fact]
    public async Task Dashboard_OfThreeServers_ServesAFleetPage_WithTheSkewedOneMarked_AndOpensEachServersOwn()
    {
        var servers = new[] { await StartServerAsync(1), await StartServerAsync(1), await StartServerAsync(2) };
        var url = await StartDashboardAsync([.. servers.SelectMany(server => new[] { "--server", server.ToString() }), "--token", "s3cret"]);
        using var browser = HeadlessChromium.Start(_profile);
        browser.Manage().Window.Size = new System.Drawing.Size(1280, 600);
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(30));

        browser.Navigate().GoToUrl(url);
        wait.Until(d => d.FindElements(By.CssSelector("tr.fleet-row")).Count == 3);
        browser.FindElements(By.CssSelector("tr.fleet-row")).Select(row => (row.GetAttribute("data-server"), row.GetAttribute("data-skewed")))
            .Should().Equal(("0", "false"), ("1", "false"), ("2", "true"));
        var skewedVersion = browser.FindElement(By.CssSelector("tr.fleet-row[data-server='2'] td.current code")).Text;
        browser.FindElement(By.Id("summary")).Text.Should().Contain("skew").And.Contain(servers[2].Authority);
        output.WriteLine($"The fleet page: {TestArtifacts.SaveScreenshot(browser, "fleet-page-skew")}");

        browser.FindElement(By.CssSelector("tr.fleet-row[data-server='2'] a.open")).Click();
        wait.Until(d => d.FindElements(By.CssSelector("section.manager .current-version")).FirstOrDefault()?.Text == skewedVersion);

        _forwarded.Should().NotBeEmpty().And.OnlyContain(
            request => request.Authorization == "Bearer s3cret" && request.Cookie.Length == 0,
            "the servers get the token from the console, and never the browser's cookie");
        browser.PageSource.Should().NotContain("s3cret");
    }

    [Fact]
    public async Task Dashboard_LetsInOnlyTheBrowserGivenItsUrl_AtItsOwnLoopbackName()
    {
        var server = await StartServerAsync(1);
        var url = await StartDashboardAsync("--server", server.ToString());
        var root = new Uri(url.GetLeftPart(UriPartial.Authority));
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

        (await http.GetAsync(new Uri(root, "/modulets/api/managers"))).StatusCode.Should().Be(HttpStatusCode.Forbidden, "no key, no cookie");
        (await http.GetAsync(new Uri(root, "/?key=0123456789abcdef"))).StatusCode.Should().Be(HttpStatusCode.Forbidden, "a wrong key");
        using var keyed = await http.GetAsync(url);
        keyed.StatusCode.Should().Be(HttpStatusCode.Redirect);
        keyed.Headers.Location!.ToString().Should().NotContain("key=", "the key leaves the address bar at once");
        var cookie = keyed.Headers.GetValues("Set-Cookie").Single();
        cookie.Should().Contain("httponly").And.Contain("samesite=strict");

        using var withCookie = new HttpRequestMessage(HttpMethod.Get, new Uri(root, "/modulets/api/managers"));
        withCookie.Headers.Add("Cookie", cookie.Split(';')[0]);
        (await http.SendAsync(withCookie)).StatusCode.Should().Be(HttpStatusCode.OK);

        using var rebound = new HttpRequestMessage(HttpMethod.Get, new Uri(root, "/modulets/api/managers"));
        rebound.Headers.Add("Cookie", cookie.Split(';')[0]);
        rebound.Headers.Host = $"attacker.example:{root.Port}";
        (await http.SendAsync(rebound)).StatusCode.Should().Be(HttpStatusCode.Forbidden, "a DNS name pointing at 127.0.0.1 is not this dashboard's");
    }

    [Fact]
    public async Task TheJobServerSample_WithWeb_ServesTheDashboard_AtTheUrlItPrints()
    {
        var jobServer = Start("JobServer", "--jobs", "10", "--ship-after", "600", "--web", "0");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Uri? dashboard = null;
        while (dashboard is null && await jobServer.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            dashboard = line.StartsWith("Dashboard: ", StringComparison.Ordinal) ? new Uri(line.Split(' ')[1]) : null;
        }

        dashboard!.AbsolutePath.Should().Be("/modulets/");
        dashboard.Host.Should().Be("127.0.0.1");
        using var http = new HttpClient();
        (await http.GetStringAsync(dashboard, timeout.Token)).Should().Contain("svg class=\"timeline\"");
        (await http.GetStringAsync(new Uri(dashboard, "api/managers/default/timeline"), timeout.Token)).Should().Contain("\"samples\"");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }

        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        _folders.ForEach(folder => folder.Dispose());
        Directory.Delete(_programs.SocketDirectory, recursive: true);
        Directory.Delete(_profile, recursive: true);
    }

    private Process Start(string program, params string[] args)
    {
        var process = _programs.Start(program, args);
        _processes.Add(process);
        return process;
    }

    /// <summary>Starts <c>modulets dashboard --no-browser ARGS</c> and reads the URL it prints.</summary>
    private async Task<Uri> StartDashboardAsync(params string[] args)
    {
        var dashboard = Start("Console", ["dashboard", "--no-browser", .. args]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await dashboard.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (PrintedUrl().Match(line) is { Success: true } found)
            {
                return new Uri(found.Value);
            }
        }

        throw new InvalidOperationException($"The dashboard printed no URL: {await dashboard.StandardError.ReadToEndAsync(timeout.Token)}");
    }

    /// <summary>Starts a web host with the control API on a loopback port, over the magic module of the given version; returns its API prefix.</summary>
    private async Task<Uri> StartServerAsync(int magicVersion)
    {
        var folder = ModulesFolder.With(TestModules.Magic(magicVersion));
        _folders.Add(folder);
        var server = await LoopbackControlServer.StartAsync(folder.Path, configurePipeline: app => app.Use((http, next) =>
        {
            _forwarded.Enqueue((http.Request.Headers.Authorization.ToString(), http.Request.Headers.Cookie.ToString()));
            return next(http);
        }));
        _servers.Add(server);
        return server.Prefix;
    }

    private static List<(string Id, string State, int JobsNow)> Lanes(IWebDriver browser)
    {
        try
        {
            return [.. browser.FindElements(By.CssSelector("svg.timeline g.lane")).Select(lane => (
                lane.GetAttribute("data-version-id")!,
                lane.GetAttribute("data-state")!,
                int.Parse(lane.GetAttribute("data-jobs-now")!, System.Globalization.CultureInfo.InvariantCulture)))];
        }
        catch (StaleElementReferenceException)
        {
            return []; // the timeline was redrawn under the query; ask again
        }
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/\?key=[0-9a-f]+")]
    private static partial Regex PrintedUrl();
}
