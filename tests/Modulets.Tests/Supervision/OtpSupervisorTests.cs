using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Modulets.Tests.Supervision;

/// <summary>OTP's strategies, restart types, intensity and nesting, on jobs; time is a <see cref="FakeTimeProvider"/>.</summary>
public sealed class OtpSupervisorTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-12-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly ModulesFolder _folder = ModulesFolder.With(TestModules.Magic(1));
    private readonly TestManager _test;
    private readonly ConcurrentDictionary<string, int> _starts = new();
    private readonly ConcurrentDictionary<string, int> _failuresLeft = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _kicks = new();

    public OtpSupervisorTests() => _test = new TestManager(_folder.Path, options => options.TimeProvider = _clock);

    [Theory]
    [InlineData(SupervisionStrategy.OneForOne, "B", 1, 2, 1)]
    [InlineData(SupervisionStrategy.OneForAll, "B", 2, 2, 2)]
    [InlineData(SupervisionStrategy.RestForOne, "B", 1, 2, 2)]
    [InlineData(SupervisionStrategy.RestForOne, "A", 2, 2, 2)]
    [InlineData(SupervisionStrategy.RestForOne, "C", 1, 1, 2)]
    public async Task AFailedChild_RestartsWhatTheStrategySays(SupervisionStrategy strategy, string failing, int a, int b, int c)
    {
        _failuresLeft[failing] = 1;
        Supervisor? supervisor = null;
        using var job = _test.Manager.StartJob(job =>
        {
            supervisor = job.Supervise(new SupervisorOptions { Strategy = strategy, Intensity = new RestartIntensity(3, TimeSpan.FromSeconds(5)) }, supervisor =>
            {
                foreach (var name in new[] { "A", "B", "C" })
                {
                    supervisor.StartChild(Child(name));
                }
            });
            return Task.CompletedTask;
        });

        // Once the failed child is back and all three run, the restart is complete; stopping the job then ends the
        // tree with no restart, and every start the supervisor made has been counted.
        await Until(() => Starts(failing) == 2 && supervisor!.RunningChildren == 3);
        job.IsCompleted.Should().BeFalse();
        job.Dispose();
        await job.Completion.ContinueWith(_ => { }, TaskScheduler.Default);
        (Starts("A"), Starts("B"), Starts("C")).Should().Be((a, b, c));
    }

    [Fact]
    public async Task Children_StartAndRestartInTheOrderTheyWereStarted()
    {
        var names = Enumerable.Range(0, 8).Select(i => $"child-{i}").ToArray();
        var starts = new ConcurrentQueue<string>();
        var failOnce = new TaskCompletionSource();
        Supervisor? supervisor = null;
        using var job = _test.Manager.StartJob(job =>
        {
            supervisor = job.Supervise(new SupervisorOptions { Strategy = SupervisionStrategy.OneForAll, Intensity = new RestartIntensity(3, TimeSpan.FromSeconds(5)) }, s =>
            {
                foreach (var name in names)
                {
                    s.StartChild(async token =>
                    {
                        // What a child does before its first wait is its start: OTP runs each child's start before the next one's.
                        starts.Enqueue(name);
                        if (name == names[0] && starts.Count <= names.Length)
                        {
                            await failOnce.Task;
                            throw new InvalidOperationException("the first child fails once");
                        }

                        await Task.Delay(Timeout.Infinite, token);
                    });
                }
            });
            return Task.CompletedTask;
        });

        await Until(() => starts.Count == names.Length);
        failOnce.SetResult();
        await Until(() => starts.Count == 2 * names.Length && supervisor!.RunningChildren == names.Length);

        starts.Should().Equal([.. names, .. names], "the first start and the one-for-all restart both go in start order");
        job.Dispose();
    }

    [Fact]
    public async Task RestartTypes_PermanentAlways_TransientOnFailure_TemporaryNever()
    {
        _failuresLeft["transient-failing"] = 1;
        _failuresLeft["temporary-failing"] = 1;
        Supervisor? supervisor = null;
        using var job = _test.Manager.StartJob(job =>
        {
            supervisor = job.Supervise(new SupervisorOptions { Intensity = new RestartIntensity(10, TimeSpan.FromSeconds(5)) }, s =>
            {
                s.StartChild(Ending("permanent-ending", times: 2), ChildRestart.Permanent);
                s.StartChild(Ending("transient-ending", times: 1), ChildRestart.Transient);
                s.StartChild(Child("transient-failing"), ChildRestart.Transient);
                s.StartChild(Child("temporary-failing"), ChildRestart.Temporary);
            });
            return Task.CompletedTask;
        });

        await Until(() => Starts("permanent-ending") == 3 && Starts("transient-failing") == 2);
        await Until(() => supervisor!.RunningChildren == 2);
        Starts("transient-ending").Should().Be(1, "a transient child that ends normally stays ended");
        Starts("temporary-failing").Should().Be(1, "a temporary child is never restarted");
        job.IsCompleted.Should().BeFalse();
    }

    [Fact]
    public async Task TransientChild_CancelledByAnythingButItsSupervisor_ExitedAbnormally_AndIsRestarted()
    {
        Supervisor? supervisor = null;
        using var job = _test.Manager.StartJob(job =>
        {
            supervisor = job.Supervise(new SupervisorOptions { Intensity = new RestartIntensity(3, TimeSpan.FromSeconds(5)) }, s => s.StartChild(
                async token =>
                {
                    // The first run times out as an HttpClient would: an OperationCanceledException of another token.
                    if (_starts.AddOrUpdate("timing-out", 1, (_, n) => n + 1) == 1)
                    {
                        throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout");
                    }

                    await Task.Delay(Timeout.Infinite, token);
                },
                ChildRestart.Transient));
            return Task.CompletedTask;
        });

        await Until(() => Starts("timing-out") == 2 && supervisor!.RunningChildren == 1);
        job.IsCompleted.Should().BeFalse();
    }

    [Fact]
    public async Task MoreRestartsThanTheIntensityWithinThePeriod_StopEveryChild_AndFailTheJob()
    {
        var quietStopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var job = _test.Manager.StartJob(job =>
        {
            job.Supervise(new SupervisorOptions { Intensity = new RestartIntensity(2, TimeSpan.FromSeconds(10)) }, s =>
            {
                s.StartChild(token => Task.Delay(Timeout.Infinite, token).ContinueWith(_ => quietStopped.TrySetResult(), TaskScheduler.Default));
                s.StartChild(Kickable("flaky"));
            });
            return Task.CompletedTask;
        });

        // Two failures within the period: both restarts are allowed.
        await Kick("flaky", expectStarts: 2);
        await Kick("flaky", expectStarts: 3);

        // The period moves on: the old restarts no longer count, so two more are allowed.
        _clock.Advance(TimeSpan.FromSeconds(11));
        await Kick("flaky", expectStarts: 4);
        await Kick("flaky", expectStarts: 5);
        job.IsCompleted.Should().BeFalse();

        // A third within the period is one too many: every child is stopped, and the job fails.
        _kicks["flaky"].TrySetResult();
        await job.Invoking(j => j.Completion).Should().ThrowAsync<ModuletException>().WithMessage("*gave up: more than 2 restarts within 00:00:10*");
        await quietStopped.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Starts("flaky").Should().Be(5);
        _test.Events(17).Should().HaveCount(4);
    }

    [Fact]
    public async Task ANestedSupervisorThatGivesUp_IsRestartedByItsParent_WithItsChildren()
    {
        _failuresLeft["leaf"] = 1;
        using var job = _test.Manager.StartJob(job =>
        {
            job.Supervise(new SupervisorOptions { Intensity = new RestartIntensity(3, TimeSpan.FromSeconds(5)) }, parent =>
            {
                parent.StartChild(Child("sibling"));
                parent.StartSupervisor(new SupervisorOptions { Intensity = new RestartIntensity(0, TimeSpan.FromSeconds(5)) }, nested =>
                {
                    nested.StartChild(Child("leaf"));
                    nested.StartChild(Child("leaf-sibling"));
                });
            });
            return Task.CompletedTask;
        });

        await Until(() => Starts("leaf") == 2 && Starts("leaf-sibling") == 2);
        Starts("sibling").Should().Be(1, "one-for-one: the parent restarts the nested supervisor only");
        job.IsCompleted.Should().BeFalse();
        job.Dispose();
        await job.Completion.ContinueWith(_ => { }, TaskScheduler.Default);
        job.Completion.IsCanceled.Should().BeTrue("stopping the job stops the whole tree, and nothing restarts");
    }

    public void Dispose()
    {
        _test.Dispose();
        _folder.Dispose();
    }

    private int Starts(string name) => _starts.GetValueOrDefault(name);

    /// <summary>A child that counts its starts, fails while it has failures left, and otherwise runs until stopped.</summary>
    private Func<CancellationToken, Task> Child(string name) => async token =>
    {
        _starts.AddOrUpdate(name, 1, (_, n) => n + 1);
        if (_failuresLeft.TryGetValue(name, out var left) && left > 0)
        {
            _failuresLeft[name] = left == int.MaxValue ? left : left - 1;
            throw new InvalidOperationException($"{name} failed");
        }

        await Task.Delay(Timeout.Infinite, token);
    };

    /// <summary>A child that counts its starts and runs until the test kicks it, then fails.</summary>
    private Func<CancellationToken, Task> Kickable(string name) => async token =>
    {
        var kick = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _kicks[name] = kick;
        _starts.AddOrUpdate(name, 1, (_, n) => n + 1);
        await kick.Task.WaitAsync(token);
        throw new InvalidOperationException($"{name} was kicked");
    };

    private async Task Kick(string name, int expectStarts)
    {
        await Until(() => _kicks.ContainsKey(name) && Starts(name) == expectStarts - 1);
        _kicks[name].TrySetResult();
        await Until(() => Starts(name) == expectStarts);
    }

    /// <summary>A child that ends normally at once, counting its starts, <paramref name="times"/> times; then runs until stopped.</summary>
    private Func<CancellationToken, Task> Ending(string name, int times) => async token =>
    {
        if (_starts.AddOrUpdate(name, 1, (_, n) => n + 1) <= times)
        {
            return;
        }

        await Task.Delay(Timeout.Infinite, token);
    };

    private static Task Until(Func<bool> condition) => Eventually.TrueAsync(condition, "the supervisor to get there", TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(10));
}
