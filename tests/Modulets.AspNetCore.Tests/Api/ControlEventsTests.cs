using System.Net.Http.Json;
using Modulets.Control;

namespace Modulets.AspNetCore.Tests.Api;

public class ControlEventsTests
{
    [Fact]
    public async Task Events_StreamListEditsVersionChangesAndRejectedUpdates_AsTheyHappen()
    {
        await using var host = await ControlHost.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var events = await SseReader.OpenAsync(host.Client, "api/events", timeout.Token);

        var connected = await events.NextAsync(timeout.Token);
        connected.Type.Should().Be(ControlEvents.Connected);
        connected.Data.EnumerateArray().Should().ContainSingle(m => m.GetProperty("name").GetString() == "default");

        (await host.Client.PostAsJsonAsync("api/managers/default/isolation/shared", new { pattern = "Jobs.Contracts" }, timeout.Token)).EnsureSuccessStatusCode();
        var edit = await events.NextAsync(timeout.Token);
        edit.Type.Should().Be(ControlEvents.IsolationChanged);
        edit.Data.GetProperty("list").GetString().Should().Be("Shared");
        edit.Data.GetProperty("pattern").GetString().Should().Be("Jobs.Contracts");
        edit.Data.GetProperty("added").GetBoolean().Should().BeTrue();

        var first = host.Manager().CurrentVersion;
        host.Folder().Write(TestModules.Magic(2));
        var second = host.Manager().Refresh();
        var changes = await events.UntilAsync(e => e.Type == ControlEvents.VersionStateChanged && e.Data.GetProperty("state").GetString() == "Collected", timeout.Token);
        changes.Where(e => e.Type == ControlEvents.VersionStateChanged)
            .Select(e => (e.Data.GetProperty("version").GetProperty("id").GetString(), e.Data.GetProperty("state").GetString()))
            .Should().ContainInOrder((first.Id, "Draining"), (first.Id, "Unloading"), (first.Id, "Collected"))
            .And.Contain((second.Id, "Current"));

        host.Folder().WriteFile("MagicModule.dll", [0x4D, 0x5A, 1, 2, 3]);
        host.Manager().Refresh();
        var rejected = await events.UntilAsync(e => e.Type == ControlEvents.UpdateRejected, timeout.Token);
        rejected[^1].Data.GetProperty("consequence").GetString().Should().Contain(second.ShortId);
        rejected[^1].Data.GetProperty("filePath").GetString().Should().EndWith("MagicModule.dll");
    }

    [Fact]
    public async Task Events_WhenTheClientLeaves_UnsubscribeFromTheManager()
    {
        await using var host = await ControlHost.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stream = await SseReader.OpenAsync(host.Client, "api/events?manager=default", timeout.Token);
        (await stream.NextAsync(timeout.Token)).Type.Should().Be(ControlEvents.Connected);
        HandlerCount(host.Manager()).Should().Be(1);

        await stream.DisposeAsync();

        await Eventually.TrueAsync(() => HandlerCount(host.Manager()) == 0, "the stream's handlers to be removed");
    }

    private static int HandlerCount(ModuletManager manager)
    {
        var field = typeof(IsolationPolicy).GetField("Changed", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic);
        return (field!.GetValue(manager.Isolation) as Delegate)?.GetInvocationList().Length ?? 0;
    }
}
