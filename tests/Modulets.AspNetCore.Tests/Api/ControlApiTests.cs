using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Modulets.Control;

namespace Modulets.AspNetCore.Tests.Api;

public class ControlApiTests
{
    [Fact]
    public async Task Managers_ListsEveryNamedManager_WithItsCurrentVersion()
    {
        await using var host = await ControlHost.StartAsync(["default", "billing"]);

        var managers = await host.GetJsonAsync("api/managers");

        managers.EnumerateArray().Select(m => m.GetProperty("name").GetString()).Should().Equal("default", "billing");
        var billing = await host.GetJsonAsync("api/managers/billing");
        billing.GetProperty("currentVersion").GetProperty("id").GetString().Should().Be(host.Manager("billing").CurrentVersion.Id);
        billing.GetProperty("currentVersion").GetProperty("state").GetString().Should().Be("Current");
        billing.GetProperty("modulesPath").GetString().Should().Be(host.Manager("billing").ModulesPath);
        billing.GetProperty("activeJobs").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task Refresh_AfterAnUpdate_ReturnsTheNewVersion_AndVersionsShowBoth()
    {
        await using var host = await ControlHost.StartAsync();
        var first = host.Manager().CurrentVersion;
        using var waiting = new CancellationTokenSource();
        using var job = host.Manager().StartJob((_, token) => Task.Delay(Timeout.Infinite, token), waiting.Token);
        host.Folder().Write(TestModules.Magic(2));

        using var response = await host.Client.PostAsync("api/managers/default/refresh", null);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var current = await ControlHost.ReadAsync<VersionStatus>(response);
        current!.Id.Should().NotBe(first.Id).And.Be(host.Manager().CurrentVersion.Id);
        var versions = await host.Client.GetFromJsonAsync<List<VersionStatus>>("api/managers/default/versions", ControlJson.Options);
        versions!.Select(v => v.Id).Should().Equal(first.Id, current.Id);
        var old = versions![0];
        old.State.Should().Be(ModuleVersionState.Draining);
        old.ActiveJobs.Should().Be(1);
        old.RetiredAt.Should().NotBeNull();
        old.Assemblies.Should().Equal("MagicModule");
        host.Audit().Should().ContainSingle(r => r.Message.Contains("refresh", StringComparison.Ordinal) && r.Message.Contains(current.ShortId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Jobs_ShowEachRunningJob_WithItsVersionStartTimeAndChildren()
    {
        await using var host = await ControlHost.StartAsync();
        var childStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var job = host.Manager().StartJob(
            (job, token) => job.Spawn(async childToken =>
            {
                childStarted.SetResult();
                await Task.Delay(Timeout.Infinite, childToken);
            }),
            new JobOptions { Name = "confirm-42", Tags = new Dictionary<string, string> { ["tenant"] = "acme" } });
        await childStarted.Task;

        var jobs = await host.Client.GetFromJsonAsync<List<JobStatus>>("api/managers/default/jobs", ControlJson.Options);

        var shown = jobs.Should().ContainSingle().Subject;
        shown.Id.Should().Be(job.Id);
        shown.Name.Should().Be("confirm-42");
        shown.Tags.Should().Contain("tenant", "acme");
        shown.Version.Should().Be(job.Version.Id);
        shown.StartedAt.Should().Be(job.StartedAt);
        shown.ActiveChildren.Should().Be(1);
    }

    [Fact]
    public async Task Isolation_EditsThroughTheApi_ChangeThePolicyForTheNextVersion()
    {
        await using var host = await ControlHost.StartAsync();

        using var shared = await host.Client.PostAsJsonAsync("api/managers/default/isolation/shared", new { pattern = "MagicModule" });
        using var isolated = await host.Client.PostAsJsonAsync("api/managers/default/isolation/isolated", new { pattern = "Jobs.*" });

        shared.StatusCode.Should().Be(HttpStatusCode.OK);
        isolated.StatusCode.Should().Be(HttpStatusCode.OK);
        var lists = await host.GetJsonAsync("api/managers/default/isolation");
        lists.GetProperty("shared").EnumerateArray().Select(p => p.GetString()).Should().Contain("MagicModule");
        lists.GetProperty("isolated").EnumerateArray().Select(p => p.GetString()).Should().Equal("Jobs.*");
        host.Manager().Isolation.IsIsolated("MagicModule").Should().BeFalse();
        host.Audit().Should().Contain(r => r.Message.Contains("add 'MagicModule' to the shared list", StringComparison.Ordinal));

        using var removed = await host.Client.DeleteAsync("api/managers/default/isolation/shared/MagicModule");
        using var removedAgain = await host.Client.DeleteAsync("api/managers/default/isolation/shared/MagicModule");

        removed.StatusCode.Should().Be(HttpStatusCode.OK);
        removedAgain.StatusCode.Should().Be(HttpStatusCode.NotFound);
        host.Manager().Isolation.Shared.Should().NotContain("MagicModule");
    }

    [Fact]
    public async Task Isolation_AWhiteListEdit_ShapesTheNextVersion_AndTheRejectedOneKeepsTheCurrent()
    {
        await using var host = await ControlHost.StartAsync();
        var first = host.Manager().CurrentVersion;
        var (magic, helper) = TestModules.MagicWithHelper(2);
        host.Folder().Write(magic, helper);

        (await host.Client.PostAsJsonAsync("api/managers/default/isolation/isolated", new { pattern = "MagicModule" })).EnsureSuccessStatusCode();
        using var shaped = await host.Client.PostAsync("api/managers/default/refresh", null);

        var next = await ControlHost.ReadAsync<VersionStatus>(shaped);
        next!.Id.Should().NotBe(first.Id);
        next.Assemblies.Should().Equal("MagicModule"); // the helper is no longer isolated

        // A white list that isolates nothing leaves no module code: the update is rejected and the current version stays.
        (await host.Client.DeleteAsync("api/managers/default/isolation/isolated/MagicModule")).EnsureSuccessStatusCode();
        (await host.Client.PostAsJsonAsync("api/managers/default/isolation/isolated", new { pattern = "Other.*" })).EnsureSuccessStatusCode();
        host.Folder().Write(TestModules.Magic(3));
        using var rejected = await host.Client.PostAsync("api/managers/default/refresh", null);

        (await ControlHost.ReadAsync<VersionStatus>(rejected))!.Id.Should().Be(next.Id);
    }

    [Theory]
    [InlineData("api/managers/default/isolation/shared", "{ \"pattern\": \"bad/name\" }", HttpStatusCode.BadRequest)]
    [InlineData("api/managers/default/isolation/shared", "{ \"pattern\": \"\" }", HttpStatusCode.BadRequest)]
    [InlineData("api/managers/default/isolation/shared", "not json", HttpStatusCode.BadRequest)]
    [InlineData("api/managers/default/isolation/grey", "{ \"pattern\": \"A\" }", HttpStatusCode.NotFound)]
    [InlineData("api/managers/nobody/isolation/shared", "{ \"pattern\": \"A\" }", HttpStatusCode.NotFound)]
    [InlineData("api/managers/nobody/refresh", "", HttpStatusCode.NotFound)]
    [InlineData("api/managers/default/versions/ffffffff/purge", "", HttpStatusCode.NotFound)]
    public async Task BadRequests_AreProblemDetails_AndChangeNothing(string path, string body, HttpStatusCode expected)
    {
        await using var host = await ControlHost.StartAsync();
        var before = host.Manager().Isolation.Shared;

        using var content = body.Length > 0 ? new StringContent(body, System.Text.Encoding.UTF8, "application/json") : null;
        using var response = await host.Client.PostAsync(path, content);

        response.StatusCode.Should().Be(expected);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("status").GetInt32().Should().Be((int)expected);
        problem.GetProperty("detail").GetString().Should().NotBeNullOrWhiteSpace();
        host.Manager().Isolation.Shared.Should().Equal(before);
        host.Audit().Should().ContainSingle(r => r.Id.Id == 201);
    }

    [Fact]
    public async Task UnknownManagerOrVersion_Gets404_NamingWhatThereIs()
    {
        await using var host = await ControlHost.StartAsync(["default", "billing"]);

        using var manager = await host.Client.GetAsync("api/managers/payroll");
        using var version = await host.Client.GetAsync("api/managers/billing/versions/0000000000");

        manager.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await manager.Content.ReadAsStringAsync()).Should().Contain("'default', 'billing'");
        version.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Purge_OfTheCurrentVersion_Is409_AndOfARetiredOne_CancelsItsJobs()
    {
        await using var host = await ControlHost.StartAsync();
        var first = host.Manager().CurrentVersion;
        using var job = host.Manager().StartJob((_, token) => Task.Delay(Timeout.Infinite, token));

        using var current = await host.Client.PostAsync($"api/managers/default/versions/{first.ShortId}/purge", null);
        current.StatusCode.Should().Be(HttpStatusCode.Conflict);
        job.IsCompleted.Should().BeFalse();

        host.Folder().Write(TestModules.Magic(2));
        host.Manager().Refresh();
        using var retired = await host.Client.PostAsync($"api/managers/default/versions/{first.Id[..6]}/purge", null);

        retired.StatusCode.Should().Be(HttpStatusCode.OK);
        var result = await ControlHost.ReadAsync<PurgeResult>(retired);
        result!.JobsCanceled.Should().BeTrue();
        result.Version.PurgedAt.Should().NotBeNull();
        await job.Completion.ContinueWith(_ => { }, TaskScheduler.Default);
        job.Completion.IsCanceled.Should().BeTrue();
        (await first.UnloadCompletion).Should().Be(ModuleVersionState.Collected);
    }

    [Fact]
    public async Task Upgrade_TellsTheUpgradableJobsOfAVersion_WhichHandOffToCurrentCode()
    {
        await using var host = await ControlHost.StartAsync();
        host.Folder().Write(TestModules.Upgradable(1));
        var old = host.Manager().Refresh();
        var customer = Guid.NewGuid().ToString("N");
        var job = host.Manager().StartUpgradableJob("UpgradeModule.Waiter", new Conversation(customer, []));
        await Customers.WhenStarted(customer, 1);
        host.Folder().Write(TestModules.Upgradable(2));
        host.Manager().Refresh();

        using var response = await host.Client.PostAsync($"api/managers/default/versions/{old.ShortId}/upgrade", null);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ControlHost.ReadAsync<UpgradeRequestResult>(response))!.JobsTold.Should().Be(1);
        await Customers.WhenStarted(customer, 2).WaitAsync(TimeSpan.FromSeconds(30));
        Customers.Reply(customer, "ok");
        await job;
        (await Customers.WhenFinished(customer)).Builds.Should().Equal(1, 2);
        host.Audit().Should().Contain(r => r.Message.Contains("1 upgradable jobs on version", StringComparison.Ordinal));
    }
}
