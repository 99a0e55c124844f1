using System.Runtime.CompilerServices;
using Microsoft.Extensions.Time.Testing;

namespace Modulets.Tests.Diagnostics;

/// <summary>The unload monitor's schedule, on the manager's clock: a leak is declared at the unload timeout and not before, and a leaked version whose holder lets go is still seen collected.</summary>
public class UnloadMonitorScheduleTests
{
    private static readonly TimeSpan s_unloadTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_step = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task HeldVersion_IsDeclaredLeakedAtItsUnloadTimeout_AndCollectedOnceItsHolderLetsGo()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        var time = new FakeTimeProvider();
        using var test = OnClock(folder, time, s_unloadTimeout);
        var states = new List<(ModuleVersionState State, DateTimeOffset At)>();
        test.Manager.VersionStateChanged += (_, e) =>
        {
            lock (states)
            {
                states.Add((e.State, time.GetUtcNow()));
            }
        };
        var holder = new StrongBox<object?>();
        var version = await RunJobThatHandsOutAModuleObjectAsync(test.Manager, holder);
        folder.Write(TestModules.Magic(2));
        test.Manager.Refresh();
        await version.UnloadedAsync();
        var unloadedAt = version.UnloadedAt!.Value;

        (await AdvanceUntilAsync(time, () => version.State == ModuleVersionState.Leaked)).Should().BeTrue();
        var leakedAt = time.GetUtcNow();
        (leakedAt - unloadedAt).Should().BeGreaterThanOrEqualTo(s_unloadTimeout, "a leak is declared at the unload timeout, not before");
        (leakedAt - unloadedAt).Should().BeLessThan(s_unloadTimeout + UnloadMonitor.LongestWait + s_step);
        version.LeakReport.Should().Contain(version.ShortId);

        holder.Value = null;
        (await AdvanceUntilAsync(time, () => version.State == ModuleVersionState.Collected)).Should().BeTrue("the monitor keeps looking at a leaked version");
        version.CollectedAt.Should().NotBeNull();
        await WaitForEventAsync(states, ModuleVersionState.Collected);
    }

    [Fact]
    public async Task NewlyUnloadedVersion_WhileTheMonitorWaitsLongForALeakedOne_IsCheckedAtOnce()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        var time = new FakeTimeProvider();
        using var test = OnClock(folder, time, s_unloadTimeout);
        var holder = new StrongBox<object?>();
        var leaked = await RunJobThatHandsOutAModuleObjectAsync(test.Manager, holder);
        folder.Write(TestModules.Magic(2));
        test.Manager.Refresh();
        (await AdvanceUntilAsync(time, () => leaked.State == ModuleVersionState.Leaked)).Should().BeTrue();
        time.Advance(TimeSpan.FromMinutes(5));

        var job = test.Manager.StartJob(_ => Task.CompletedTask);
        await job;
        folder.Write(TestModules.Magic(3));
        test.Manager.Refresh();
        await job.Version.UnloadedAsync();
        var unloadedAt = job.Version.UnloadedAt!.Value;

        (await AdvanceUntilAsync(time, () => job.Version.State == ModuleVersionState.Collected)).Should().BeTrue();
        (time.GetUtcNow() - unloadedAt).Should().BeLessThan(UnloadMonitor.LongestWait, "a new unload wakes the monitor from its long wait for the leaked version");
        GC.KeepAlive(holder);
    }

    [Fact]
    public async Task StreamOfUnloads_NeverPostponesEveryCheck()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(0));
        var time = new FakeTimeProvider();
        using var test = OnClock(folder, time, TimeSpan.FromMinutes(10));
        var first = test.Manager.CurrentVersion;

        // An unload every 100 ms, for 5 s: each one wakes the monitor, and none may push its next check back.
        for (var magic = 1; magic <= 50; magic++)
        {
            folder.Write(TestModules.Magic(magic));
            test.Manager.Refresh();
            time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Yield();
        }

        (await Collect.UntilAsync(() => first.State == ModuleVersionState.Collected)).Should().BeTrue("checks ran during the stream, on the manager's clock");
    }

    /// <summary>A manager whose clock (and so whose unload monitor) the test drives.</summary>
    private static TestManager OnClock(ModulesFolder folder, FakeTimeProvider time, TimeSpan unloadTimeout) =>
        new(folder.Path, options =>
        {
            options.TimeProvider = time;
            options.UnloadTimeout = unloadTimeout;
        });

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<ModuleVersion> RunJobThatHandsOutAModuleObjectAsync(ModuletManager manager, StrongBox<object?> holder)
    {
        var job = manager.StartJob(job =>
        {
            holder.Value = job.CreateInstance<IMagic>(TestModules.MagicType);
            return Task.CompletedTask;
        });
        await job;
        return job.Version;
    }

    /// <summary>
    /// Moves the clock on in small steps until the condition holds (within a real-time bound), collecting and letting
    /// the monitor's background work run between steps: a loaded machine must not see the fake clock run ahead of the
    /// checks it schedules (a CI run once found a leak declared 2 s of fake time late).
    /// </summary>
    private static async Task<bool> AdvanceUntilAsync(FakeTimeProvider time, Func<bool> condition)
    {
        await Task.Yield();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(30))
            {
                return false;
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Delay(10);
            if (!condition())
            {
                time.Advance(s_step);
            }
        }

        return true;
    }

    private static async Task WaitForEventAsync(List<(ModuleVersionState State, DateTimeOffset At)> states, ModuleVersionState state)
    {
        bool Seen()
        {
            lock (states)
            {
                return states.Any(s => s.State == state);
            }
        }

        (await Collect.UntilAsync(Seen)).Should().BeTrue($"the {state} event is raised");
    }
}
