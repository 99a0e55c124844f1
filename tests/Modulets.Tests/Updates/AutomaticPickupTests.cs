using Microsoft.Extensions.Time.Testing;

namespace Modulets.Tests.Updates;

public class AutomaticPickupTests
{
    [Fact]
    public async Task FileSystemWatcher_NewBuildCopiedOver_NewJobsRunItWithoutRefresh()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path, options => options.UpdateDetection = UpdateDetection.FileSystemWatcher);
        var original = test.Manager.CurrentVersion;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (running, runningMagic) = test.Manager.StartMagicJob(gate.Task);
        var updated = NextCurrentVersion(test.Manager, original);

        folder.Write(TestModules.Magic(2));
        await updated.WaitAsync(TimeSpan.FromSeconds(30));

        (await test.Manager.StartMagicJob().Magic).Should().Be(2);
        gate.SetResult();
        (await runningMagic).Should().Be(1);
        running.Version.Should().BeSameAs(original);
    }

    [Fact]
    public async Task FileSystemWatcher_FolderDeletedAndCreatedAgain_IsFollowedAtOnce()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path, options =>
        {
            options.UpdateDetection = UpdateDetection.FileSystemWatcher;
            options.PollingInterval = TimeSpan.FromHours(1); // no safety poll within the test: only the watchers can see it
        });
        var original = test.Manager.CurrentVersion;
        var updated = NextCurrentVersion(test.Manager, original);

        Directory.Delete(folder.Path, recursive: true);
        Directory.CreateDirectory(folder.Path);
        folder.Write(TestModules.Magic(2));

        await updated.WaitAsync(TimeSpan.FromSeconds(30));
        (await test.Manager.StartMagicJob().Magic).Should().Be(2);

        var again = NextCurrentVersion(test.Manager, test.Manager.CurrentVersion);
        folder.Write(TestModules.Magic(3));
        await again.WaitAsync(TimeSpan.FromSeconds(30));
        (await test.Manager.StartMagicJob().Magic).Should().Be(3, "the re-created folder is watched itself");
    }

    [Fact]
    public void Polling_ChangeSeenThenQuietPeriodPassed_MakesTheNewBuildCurrent()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        var time = new FakeTimeProvider();
        using var test = new TestManager(folder.Path, options => UsePolling(options, time));
        var original = test.Manager.CurrentVersion;

        folder.Write(TestModules.Magic(2));
        time.Advance(TimeSpan.FromSeconds(1));
        test.Manager.CurrentVersion.Should().BeSameAs(original, "the quiet period has not passed yet");
        time.Advance(TimeSpan.FromMilliseconds(200));

        test.Manager.CurrentVersion.Should().NotBeSameAs(original);
        original.State.Should().NotBe(ModuleVersionState.Current);
    }

    [Fact]
    public async Task Polling_SlowChunkedCopy_IsNeverServedAndRejectedOnce()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        var time = new FakeTimeProvider();
        using var test = new TestManager(folder.Path, options => UsePolling(options, time));
        var update = TestModules.Magic(2).Image;

        using (var copy = new FileStream(folder["MagicModule.dll"], FileMode.Create, FileAccess.Write, FileShare.Read))
        {
            foreach (var chunk in update.Chunk(update.Length / 4 + 1))
            {
                copy.Write(chunk);
                copy.Flush();
                if (copy.Length < update.Length)
                {
                    time.Advance(TimeSpan.FromSeconds(1));
                    time.Advance(TimeSpan.FromMilliseconds(200));
                    (await test.Manager.StartMagicJob().Magic).Should().Be(1, "a half-copied build is never served");
                }
            }
        }

        time.Advance(TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromMilliseconds(200));

        (await test.Manager.StartMagicJob().Magic).Should().Be(2);
        test.Events(7).Should().ContainSingle("one slow copy is one rejection, however many times it was read")
            .Which.Message.Should().Contain(folder["MagicModule.dll"]).And.Contain("truncated");
    }

    [Fact]
    public void Polling_FolderCreatedAfterStart_IsPickedUp()
    {
        var time = new FakeTimeProvider();
        using var folder = ModulesFolder.Create();
        var late = Path.Combine(folder.Path, "late");
        using var test = new TestManager(late, options => UsePolling(options, time));

        Directory.CreateDirectory(late);
        TestModules.Magic(5).WriteTo(late);
        time.Advance(TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromMilliseconds(200));

        test.Manager.CurrentVersion.Assemblies.Should().Equal("MagicModule");
    }

    [Fact]
    public async Task VersionStateChanged_ReportsTheLifeCycleInOrder()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        var original = test.Manager.CurrentVersion;
        var seen = new List<ModuleVersionStateChangedEventArgs>();
        var collected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        test.Manager.VersionStateChanged += (_, e) =>
        {
            seen.Add(e);
            if (e.Version == original && e.State == ModuleVersionState.Collected)
            {
                collected.SetResult();
            }
        };

        folder.Write(TestModules.Magic(2));
        var replacement = test.Manager.Refresh();
        await collected.Task.WaitAsync(TimeSpan.FromSeconds(30));

        seen.Where(e => e.Version == original).Select(e => e.State).Should().Equal(
            ModuleVersionState.Draining, ModuleVersionState.Unloading, ModuleVersionState.Collected);
        seen.Should().Contain(e => e.Version == replacement && e.State == ModuleVersionState.Current);
    }

    private static void UsePolling(ModuletOptions options, FakeTimeProvider time)
    {
        options.UpdateDetection = UpdateDetection.Polling;
        options.PollingInterval = TimeSpan.FromSeconds(1);
        options.QuietPeriod = TimeSpan.FromMilliseconds(200);
        options.TimeProvider = time;
    }

    private static Task<ModuleVersion> NextCurrentVersion(ModuletManager manager, ModuleVersion after)
    {
        var next = new TaskCompletionSource<ModuleVersion>(TaskCreationOptions.RunContinuationsAsynchronously);
        manager.VersionStateChanged += (_, e) =>
        {
            if (e.State == ModuleVersionState.Current && e.Version != after)
            {
                next.TrySetResult(e.Version);
            }
        };
        return next.Task;
    }
}
