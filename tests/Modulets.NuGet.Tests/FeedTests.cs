namespace Modulets.NuGet.Tests;

[Collection(FeedCollection.Name)]
public sealed class FeedTests(FeedModulePackages packages) : IDisposable
{
    private const string Module = "FeedModule.Magic";
    private readonly ModulesFolder _cache = ModulesFolder.Create();

    [Fact]
    public async Task Push_NewVersion_NewJobsRunItWhileOldJobsKeepTheirs()
    {
        using var feed = await LocalFeed.WithAsync(packages["1.0.0"]);
        using var test = Follow(feed.Path);
        (await test.Manager.RefreshAsync()).Labels[ModuleLabels.PackageVersion].Should().Be("1.0.0");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (oldJob, oldMagic) = StartMagicJob(test.Manager, gate.Task);

        await feed.PushAsync(packages["1.1.0"]);
        var update = await test.Manager.RefreshAsync();
        var (_, newMagic) = StartMagicJob(test.Manager);
        gate.SetResult();

        (await newMagic).Should().Be(1100);
        (await oldMagic).Should().Be(1000);
        update.Labels.Should().Contain(ModuleLabels.PackageId, "FeedModule").And.Contain(ModuleLabels.PackageVersion, "1.1.0");
        update.Assemblies.Should().BeEquivalentTo("FeedModule", "Newtonsoft.Json");
        oldJob.Version.Should().NotBeSameAs(update);
        test.Events(101).Should().HaveCount(2);
    }

    [Fact]
    public async Task Push_NewVersion_IsPickedUpByTheNextPoll()
    {
        using var feed = await LocalFeed.WithAsync(packages["1.0.0"]);
        using var test = Follow(feed.Path, options => options.PollingInterval = TimeSpan.FromMilliseconds(100));
        var installed = new TaskCompletionSource<ModuleVersion>(TaskCreationOptions.RunContinuationsAsynchronously);
        test.Manager.VersionStateChanged += (_, e) =>
        {
            if (e.State == ModuleVersionState.Current && e.Version.Labels.GetValueOrDefault(ModuleLabels.PackageVersion) == "1.1.0")
            {
                installed.TrySetResult(e.Version);
            }
        };

        await feed.PushAsync(packages["1.1.0"]);
        await installed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        (await StartMagicJob(test.Manager).Magic).Should().Be(1100);
    }

    [Fact]
    public async Task Restart_WithTheFeedUnreachable_StartsFromTheCacheAndLogsTheOutageOnce()
    {
        using (var feed = await LocalFeed.WithAsync(packages["1.0.0"]))
        using (var first = Follow(feed.Path))
        {
            await first.Manager.RefreshAsync();
        }

        using var restarted = Follow("http://127.0.0.1:9/v3/index.json");
        restarted.Manager.CurrentVersion.Labels[ModuleLabels.PackageVersion].Should().Be("1.0.0", "the cache survives the restart; no download is needed");
        await restarted.Manager.RefreshAsync();
        await restarted.Manager.RefreshAsync();

        (await StartMagicJob(restarted.Manager).Magic).Should().Be(1000);
        restarted.Events(102).Should().ContainSingle();
        restarted.Events(103).Should().ContainSingle("one outage is one warning, however many polls fail");
    }

    [Fact]
    public async Task Source_GivenAsARelativeFolder_IsUsedAsALocalFeed()
    {
        using var feed = await LocalFeed.WithAsync(packages["1.0.0"]);
        using var test = Follow(Path.GetRelativePath(Environment.CurrentDirectory, feed.Path));

        (await test.Manager.RefreshAsync()).Labels[ModuleLabels.PackageVersion].Should().Be("1.0.0");
    }

    [Fact]
    public async Task VersionRange_PinsTheVersionAndRollsBack()
    {
        using var feed = await LocalFeed.WithAsync(packages["1.0.0"], packages["1.1.0"]);
        using var test = Follow(feed.Path, options => options.VersionRange = "[1.0.0]");

        await test.Manager.RefreshAsync();

        (await StartMagicJob(test.Manager).Magic).Should().Be(1000);
    }

    [Theory]
    [InlineData(false, 1100)]
    [InlineData(true, 1200)]
    public async Task Prerelease_IsInstalledOnlyWhenAllowed(bool includePrerelease, int expectedMagic)
    {
        using var feed = await LocalFeed.WithAsync(packages["1.1.0"], packages["1.2.0-beta"]);
        using var test = Follow(feed.Path, options => options.IncludePrerelease = includePrerelease);

        await test.Manager.RefreshAsync();

        (await StartMagicJob(test.Manager).Magic).Should().Be(expectedMagic);
    }

    [Fact]
    public async Task PackageMissing_StartJobThrowsNamingThePackageAndFeed()
    {
        using var feed = await LocalFeed.WithAsync();
        using var test = Follow(feed.Path);

        var act = () => test.Manager.RefreshAsync();

        (await act.Should().ThrowAsync<ModuleLoadException>()).Which.Message.Should().Contain("FeedModule was not found on").And.Contain(feed.Path);
    }

    [Fact]
    public async Task CorruptPackage_IsRejectedOnceAndTheCurrentVersionStays()
    {
        using var feed = await LocalFeed.WithAsync(packages["1.0.0"]);
        using var test = Follow(feed.Path);
        var good = await test.Manager.RefreshAsync();
        var package = File.ReadAllBytes(packages["1.1.0"]);

        feed.Place("FeedModule", "1.3.0", package[..(package.Length / 2)], feed.NuspecOf("FeedModule", "1.0.0"));
        await test.Manager.RefreshAsync();
        await test.Manager.RefreshAsync();

        test.Manager.CurrentVersion.Should().BeSameAs(good);
        test.Events(105).Should().ContainSingle().Which.Message.Should().Contain("FeedModule 1.3.0").And.Contain("cannot be downloaded as a valid package");
    }

    [Fact]
    public async Task PackageWithoutCompatibleLibFolder_IsRejected()
    {
        using var feed = await LocalFeed.WithAsync(packages["1.0.0"]);
        using var test = Follow(feed.Path);
        var good = await test.Manager.RefreshAsync();

        await feed.PushAsync(TestPackages.Build(feed.Path, "FeedModule", "1.4.0", ["lib/net45/FeedModule.dll"]));
        await test.Manager.RefreshAsync();

        test.Manager.CurrentVersion.Should().BeSameAs(good);
        test.Events(105).Should().ContainSingle().Which.Message.Should().Contain("no lib/ assets for net10.0 (it has net45)");
    }

    [Fact]
    public async Task DependencyMissing_IsRejectedNamingIt()
    {
        using var feed = await LocalFeed.WithAsync(packages["1.0.0"]);
        using var test = Follow(feed.Path);
        var good = await test.Manager.RefreshAsync();

        await feed.PushAsync(TestPackages.Build(feed.Path, "FeedModule", "1.5.0", ["lib/net10.0/FeedModule.dll"], dependency: "Missing.Dependency"));
        await test.Manager.RefreshAsync();

        test.Manager.CurrentVersion.Should().BeSameAs(good);
        test.Events(105).Should().ContainSingle().Which.Message.Should().Contain("Missing.Dependency");
    }

    [Fact]
    public async Task PackageWritingOutsideTheInstallFolder_IsRejected()
    {
        using var feed = await LocalFeed.WithAsync(packages["1.0.0"]);
        using var test = Follow(feed.Path);
        var good = await test.Manager.RefreshAsync();

        feed.Place("FeedModule", "1.6.0", TestPackages.BuildRaw("FeedModule", "1.6.0", "lib/net10.0/../../../escaped.dll"), feed.NuspecOf("FeedModule", "1.0.0"));
        await test.Manager.RefreshAsync();

        test.Manager.CurrentVersion.Should().BeSameAs(good);
        File.Exists(Path.Combine(_cache.Path, "escaped.dll")).Should().BeFalse();
        test.Events(105).Should().ContainSingle();
    }

    [Fact]
    public async Task DiskFailureWhileInstalling_IsRejectedAndNothingHalfInstalledIsServed()
    {
        using var feed = await LocalFeed.WithAsync(packages["1.0.0"]);
        File.WriteAllText(Path.Combine(_cache.Path, "feedmodule"), "a file where the package cache needs a folder");
        using var test = Follow(feed.Path);

        var act = () => test.Manager.RefreshAsync();

        await act.Should().ThrowAsync<ModuleLoadException>();
        test.Events(105).Should().ContainSingle().Which.Message.Should().Contain("Cannot install FeedModule");
    }

    [Fact]
    public async Task Canary_AFeedCandidateThatFails_IsRolledBackAndNeitherReinstalledNorACandidateAgain()
    {
        using var feed = await LocalFeed.WithAsync(packages["1.0.0"]);
        using var test = Follow(feed.Path, manager: options => options.Canary = new CanaryOptions { Steps = [50, 100], MinJobsPerStep = 5 });
        var stable = await test.Manager.RefreshAsync();
        var rolledBack = new TaskCompletionSource<RolloutStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        test.Manager.RolloutChanged += (_, e) =>
        {
            if (e.Status.State == RolloutState.RolledBack)
            {
                rolledBack.TrySetResult(e.Status);
            }
        };

        await feed.PushAsync(packages["1.1.0"]);
        (await test.Manager.RefreshAsync()).Should().BeSameAs(stable, "the new package is a candidate, not current");
        var candidate = test.Manager.Rollout!.Candidate;
        candidate.Labels[ModuleLabels.PackageVersion].Should().Be("1.1.0");
        for (var i = 0; i < 200 && !rolledBack.Task.IsCompleted; i++)
        {
            // The job checks the module's answer: 1.1.0's is not the one the jobs expect, so its jobs fault.
            var job = test.Manager.StartJob(job => job.CreateInstance<IMagic>(Module).GetMagic() == 1000 ? Task.CompletedTask : throw new InvalidOperationException("wrong magic"));
            await job.Completion.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        (await rolledBack.Task.WaitAsync(TimeSpan.FromSeconds(30))).Candidate.Should().BeSameAs(candidate);
        await test.Manager.RefreshAsync();
        await test.Manager.RefreshAsync();

        test.Manager.CurrentVersion.Should().BeSameAs(stable);
        test.Manager.Rollout!.State.Should().Be(RolloutState.RolledBack, "the same package is not a candidate again");
        test.Events(101).Should().HaveCount(2, "1.0.0 and 1.1.0 were installed once each: polling again reinstalls nothing");
        test.Events(37).Should().NotBeEmpty().And.OnlyContain(record => record.Message.Contains(candidate.ShortId));
        (await StartMagicJob(test.Manager).Magic).Should().Be(1000);
    }

    public void Dispose() => _cache.Dispose();

    private TestManager Follow(string source, Action<NuGetFeedOptions>? configure = null, Action<ModuletOptions>? manager = null) =>
        new(_cache.Path, options =>
        {
            options.UseNuGetFeed(source, "FeedModule", feed =>
            {
                feed.PollingInterval = TimeSpan.FromHours(1);
                configure?.Invoke(feed);
            });
            manager?.Invoke(options);
        });

    private static (ModuletJob Job, Task<int> Magic) StartMagicJob(ModuletManager manager, Task? gate = null) =>
        manager.StartMagicJob(gate, Module);
}
