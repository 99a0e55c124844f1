using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Modulets.Control;

namespace Modulets.AspNetCore.Tests.Api;

/// <summary>The rollout API: where a manager's canary rollout stands, an operator's promotion and abort (audited), and the events.</summary>
public sealed class RolloutApiTests
{
    [Fact]
    public async Task Rollout_ShowsTheCandidateAndItsSplit_AndAnOperatorAbortsIt()
    {
        await using var host = await StartWithCanaryAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var events = await SseReader.OpenAsync(host.Client, "api/events", timeout.Token);
        (await events.NextAsync(timeout.Token)).Type.Should().Be(ControlEvents.Connected);
        var none = await host.Client.GetFromJsonAsync<ManagerRollout>("api/managers/default/rollout", ControlJson.Options);
        none!.Rollout.Should().BeNull("no new content has arrived yet");
        var stable = host.Manager().CurrentVersion;

        host.Folder().Write(TestModules.Magic(2));
        host.Manager().Refresh();
        var began = await events.UntilAsync(e => e.Type == ControlEvents.RolloutChanged, timeout.Token);
        var rollout = (await host.Client.GetFromJsonAsync<ManagerRollout>("api/managers/default/rollout", ControlJson.Options))!.Rollout!;
        var status = await host.Client.GetFromJsonAsync<ManagerStatus>("api/managers/default", ControlJson.Options);

        began[^1].Data.GetProperty("rollout").GetProperty("state").GetString().Should().Be("InProgress");
        rollout.State.Should().Be(RolloutState.InProgress);
        rollout.Candidate.State.Should().Be(ModuleVersionState.Candidate);
        rollout.Stable.Id.Should().Be(stable.Id);
        rollout.Percent.Should().Be(20);
        rollout.Reason.Should().Contain("step 1 of 2");
        status!.CurrentVersion!.Id.Should().Be(stable.Id, "the stable version stays current during the rollout");
        status.Rollout!.Candidate.Id.Should().Be(rollout.Candidate.Id);

        using var aborted = await host.Client.PostAsync("api/managers/default/rollout/abort", null);
        aborted.StatusCode.Should().Be(HttpStatusCode.OK);
        var report = await ControlHost.ReadAsync<RolloutReport>(aborted);
        report!.State.Should().Be(RolloutState.RolledBack);
        report.Reason.Should().Be("an operator aborted it");
        host.Audit().Should().ContainSingle(record => record.Message.Contains("abort the rollout") && record.Message.Contains("rolled back"));
        (await events.UntilAsync(e => e.Type == ControlEvents.RolloutChanged && e.Data.GetProperty("rollout").GetProperty("state").GetString() == "RolledBack", timeout.Token))
            .Should().NotBeEmpty();

        using var again = await host.Client.PostAsync("api/managers/default/rollout/promote", null);
        again.StatusCode.Should().Be(HttpStatusCode.Conflict, "no rollout is in progress any more");
        (await again.Content.ReadAsStringAsync()).Should().Contain("its last rollout ended");
    }

    [Fact]
    public async Task Promote_MakesTheCandidateCurrent()
    {
        await using var host = await StartWithCanaryAsync();
        host.Folder().Write(TestModules.Magic(2));
        host.Manager().Refresh();

        using var promoted = await host.Client.PostAsync("api/managers/default/rollout/promote", null);

        promoted.StatusCode.Should().Be(HttpStatusCode.OK);
        var report = await ControlHost.ReadAsync<RolloutReport>(promoted);
        report!.State.Should().Be(RolloutState.Promoted);
        host.Manager().CurrentVersion.Id.Should().Be(report.Candidate.Id);
    }

    [Fact]
    public async Task Rollout_WithoutCanary_IsNoneAndCannotBeSteered()
    {
        await using var host = await ControlHost.StartAsync();

        var rollout = await host.Client.GetFromJsonAsync<ManagerRollout>("api/managers/default/rollout", ControlJson.Options);
        using var abort = await host.Client.PostAsync("api/managers/default/rollout/abort", null);

        rollout!.Rollout.Should().BeNull();
        abort.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await abort.Content.ReadAsStringAsync()).Should().Contain("ModuletOptions.Canary is not set");
    }

    private static Task<ControlHost> StartWithCanaryAsync() => ControlHost.StartAsync(configureServices: builder =>
        builder.Services.Configure<ModuletOptions>(options => options.Canary = new CanaryOptions { Steps = [20, 100] }));
}
