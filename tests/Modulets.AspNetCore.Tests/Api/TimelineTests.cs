using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Modulets.Control;

namespace Modulets.AspNetCore.Tests.Api;

/// <summary>The timeline API: each version's life and its running jobs over time, counted once a second on the host's clock.</summary>
public sealed class TimelineTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Timeline_KeepsASampleEachTimeTheJobsPerVersionChange_AndStreamsIt()
    {
        await using var host = await ControlHost.StartAsync(configureServices: builder => builder.Services.AddSingleton<TimeProvider>(_clock));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var events = await SseReader.OpenAsync(host.Client, "api/events", timeout.Token);
        (await events.NextAsync(timeout.Token)).Type.Should().Be(ControlEvents.Connected);
        var first = host.Manager().CurrentVersion;
        var firstJobs = new TaskCompletionSource();
        var onFirst = Enumerable.Range(0, 3).Select(_ => host.Manager().StartJob((_, token) => firstJobs.Task.WaitAsync(token))).ToList();

        _clock.Advance(TimeSpan.FromSeconds(1));
        var sampled = await events.UntilAsync(e => e.Type == ControlEvents.JobsSampled, timeout.Token);
        sampled[^1].Data.GetProperty("manager").GetString().Should().Be("default");
        sampled[^1].Data.GetProperty("sample").GetProperty("jobs").GetProperty(first.Id).GetInt32().Should().Be(3);

        host.Folder().Write(TestModules.Magic(2));
        var second = host.Manager().Refresh();
        using var onSecond = host.Manager().StartJob((_, token) => Task.Delay(Timeout.Infinite, token));
        _clock.Advance(TimeSpan.FromSeconds(1));
        _clock.Advance(TimeSpan.FromSeconds(1)); // nothing changed: no sample
        firstJobs.SetResult();
        await Task.WhenAll(onFirst.Select(job => job.Completion));
        _clock.Advance(TimeSpan.FromSeconds(1));

        var timeline = await ControlHost.ReadAsync<ManagerTimeline>(await host.Client.GetAsync("api/managers/default/timeline"));
        timeline!.Now.Should().Be(_clock.GetUtcNow());
        timeline.Versions.Select(v => v.Id).Should().Equal(first.Id, second.Id);
        timeline.Samples.Select(s => (s.At - timeline.Samples[0].At).TotalSeconds).Should().Equal(0, 1, 2, 4);
        timeline.Samples.Select(Describe).Should().Equal("", "first=3", "first=3 second=1", "second=1");

        string Describe(JobCountSample sample) => string.Join(" ", new[] { ("first", first.Id), ("second", second.Id) }
            .Where(version => sample.Jobs.ContainsKey(version.Item2))
            .Select(version => $"{version.Item1}={sample.Jobs[version.Item2]}"));
    }

    [Fact]
    public async Task Timeline_KeepsAnHour_AndTheCountsWhenItBegan()
    {
        await using var host = await ControlHost.StartAsync(configureServices: builder => builder.Services.AddSingleton<TimeProvider>(_clock));
        var version = host.Manager().CurrentVersion;
        var job = host.Manager().StartJob((_, token) => Task.Delay(Timeout.Infinite, token));
        _clock.Advance(TimeSpan.FromSeconds(1));
        _clock.Advance(TimeSpan.FromHours(2));
        job.Dispose();
        await job.Completion.ContinueWith(_ => { }, TaskScheduler.Default);
        _clock.Advance(TimeSpan.FromSeconds(1));

        var timeline = await host.Client.GetFromJsonAsync<ManagerTimeline>("api/managers/default/timeline", ControlJson.Options);

        timeline!.Samples.Should().HaveCount(2, "the samples older than an hour are dropped, but for the one that gives the counts when the hour began");
        timeline.Samples[0].Jobs.Should().Equal(new Dictionary<string, int> { [version.Id] = 1 });
        timeline.Samples[1].Jobs.Should().BeEmpty();
    }

    [Fact]
    public async Task Timeline_OfAnUnknownManager_IsNotFound()
    {
        await using var host = await ControlHost.StartAsync();
        using var response = await host.Client.GetAsync("api/managers/nobody/timeline");
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound);
    }
}
