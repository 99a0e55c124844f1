namespace Modulets.Tests.Jobs;

/// <summary>Erlang's code_change: a waiting job moves onto newer code with its state, as one logical job.</summary>
public class UpgradeTests
{
    private const string Waiter = "UpgradeModule.Waiter";

    [Fact]
    public async Task AWaitingJob_HandsOffToTheNewVersion_WithItsState_AndTheOldVersionIsCollectedWhileTheJobGoesOn()
    {
        using var folder = ModulesFolder.With(TestModules.Upgradable(1));
        using var test = new TestManager(folder.Path, options => options.UpgradePolicy = UpgradePolicy.WhenIdle);
        var customer = Guid.NewGuid().ToString("N");
        var first = test.Manager.CurrentVersion;

        var job = test.Manager.StartUpgradableJob(Waiter, new Conversation(customer, []), new JobOptions { Name = "confirm", Tags = new Dictionary<string, string> { ["customer"] = customer } });
        await Customers.WhenStarted(customer, 1);
        folder.Write(TestModules.Upgradable(2));
        var second = test.Manager.Refresh();
        await Customers.WhenStarted(customer, 2);

        (await first.UnloadCompletion).Should().Be(ModuleVersionState.Collected, "the old version is released at the hand-off");
        job.Completion.IsCompleted.Should().BeFalse();
        job.Current.Version.Should().BeSameAs(second);
        job.Current.Name.Should().Be("confirm");
        job.Current.Tags.Should().Contain("customer", customer);
        Customers.Reply(customer, "yes");
        await job;

        var finished = await Customers.WhenFinished(customer);
        finished.Reply.Should().Be("yes");
        finished.Builds.Should().Equal(1, 2);
        job.Versions.Should().Equal(first, second);
        test.Events(28).Should().ContainSingle().Which.Message.Should().Contain(first.ShortId).And.Contain(second.ShortId);
    }

    [Fact]
    public async Task StartUpgradableJob_WithNoTypeName_FindsTheImplementationOfTheContract_InEachVersion()
    {
        using var folder = ModulesFolder.With(TestModules.Upgradable(1));
        using var test = new TestManager(folder.Path, options => options.UpgradePolicy = UpgradePolicy.WhenIdle);
        var customer = Guid.NewGuid().ToString("N");

        var job = test.Manager.StartUpgradableJob(new Conversation(customer, []));
        await Customers.WhenStarted(customer, 1);
        folder.Write(TestModules.Upgradable(2));
        test.Manager.Refresh();
        await Customers.WhenStarted(customer, 2);
        Customers.Reply(customer, "yes");
        await job;

        (await Customers.WhenFinished(customer)).Builds.Should().Equal(1, 2);
    }

    [Fact]
    public async Task AChainOfHandOffs_OverThreeVersions_HasOneCompletion()
    {
        using var folder = ModulesFolder.With(TestModules.Upgradable(1));
        using var test = new TestManager(folder.Path, options => options.UpgradePolicy = UpgradePolicy.WhenIdle);
        var customer = Guid.NewGuid().ToString("N");

        var job = test.Manager.StartUpgradableJob(Waiter, new Conversation(customer, []));
        foreach (var build in new[] { 2, 3 })
        {
            await Customers.WhenStarted(customer, build - 1);
            folder.Write(TestModules.Upgradable(build));
            test.Manager.Refresh();
        }

        await Customers.WhenStarted(customer, 3);
        Customers.Reply(customer, "done");
        await job.Completion.WaitAsync(TimeSpan.FromSeconds(30));

        (await Customers.WhenFinished(customer)).Builds.Should().Equal(1, 2, 3);
        job.Versions.Should().HaveCount(3);
        foreach (var old in job.Versions.Take(2))
        {
            (await old.UnloadCompletion).Should().Be(ModuleVersionState.Collected);
        }
    }

    [Fact]
    public async Task AVersionThatCannotTakeTheJob_LeavesTheOldGenerationRunning_AndItFinishesThere()
    {
        using var folder = ModulesFolder.With(TestModules.Upgradable(1));
        using var test = new TestManager(folder.Path, options => options.UpgradePolicy = UpgradePolicy.WhenIdle);
        var customer = Guid.NewGuid().ToString("N");
        var first = test.Manager.CurrentVersion;

        var job = test.Manager.StartUpgradableJob(Waiter, new Conversation(customer, []));
        await Customers.WhenStarted(customer, 1);
        folder.Write(TestModules.Upgradable(2, withWaiter: false));
        test.Manager.Refresh();
        await Collect.UntilAsync(() => test.Events(29).Count == 1);
        Customers.Reply(customer, "late");
        await job;

        (await Customers.WhenFinished(customer)).Builds.Should().Equal(1);
        job.Versions.Should().Equal(first);
        test.Events(29).Single().Message.Should().Contain("cannot run it").And.Contain(first.ShortId);
    }

    [Fact]
    public void AModuleTypeAsTheState_IsRefused()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path, options => options.UpgradePolicy = UpgradePolicy.WhenIdle);
        using var scope = test.Manager.EnterJob();
        var moduleType = scope.Job.GetType(TestModules.MagicType);
        var start = typeof(ModuletManager).GetMethods()
            .Single(method => method.Name == nameof(ModuletManager.StartUpgradableJob) && method.GetParameters()[0].ParameterType == typeof(string))
            .MakeGenericMethod(moduleType);

        var act = () => start.Invoke(test.Manager, [Waiter, null, null, CancellationToken.None]);

        act.Should().Throw<System.Reflection.TargetInvocationException>().WithInnerException<ArgumentException>().WithMessage("*module type*cannot cross versions*");
    }

    [Fact]
    public async Task HandOffs_WhileVersionsSwapUnderAThousandJobs_LoseNoJob_AndRunNoneTwice()
    {
        using var folder = ModulesFolder.With(TestModules.Upgradable(1));
        using var test = new TestManager(folder.Path, options => options.UpgradePolicy = UpgradePolicy.WhenIdle);
        var customers = Enumerable.Range(0, 1000).Select(i => $"{Guid.NewGuid():N}-{i}").ToList();
        var jobs = customers.Select(customer => test.Manager.StartUpgradableJob(Waiter, new Conversation(customer, []))).ToList();
        var versions = new List<ModuleVersion> { test.Manager.CurrentVersion };

        for (var build = 2; build <= 6; build++)
        {
            await Task.WhenAll(customers.Take(50).Select(customer => Customers.WhenStarted(customer, 1)));
            folder.Write(TestModules.Upgradable(build));
            versions.Add(test.Manager.Refresh());
        }

        var newest = versions[^1];
        await Collect.UntilAsync(() => jobs.All(job => job.Current.Version == newest));
        customers.ForEach(customer => Customers.Reply(customer, "ok"));
        await Task.WhenAll(jobs.Select(job => job.Completion)).WaitAsync(TimeSpan.FromSeconds(60));

        foreach (var customer in customers)
        {
            Customers.Finishes(customer).Should().Be(1);
            var builds = (await Customers.WhenFinished(customer)).Builds;
            builds[0].Should().Be(1);
            builds[^1].Should().Be(6);
            builds.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        }

        foreach (var old in versions.Take(versions.Count - 1))
        {
            (await old.UnloadCompletion).Should().Be(ModuleVersionState.Collected);
        }
    }

    [Fact]
    public async Task UnderTheNeverPolicy_ARetirementTellsNoJob_ButAnOperatorsRequestDoes()
    {
        using var folder = ModulesFolder.With(TestModules.Upgradable(1));
        using var test = new TestManager(folder.Path);
        var customer = Guid.NewGuid().ToString("N");
        var job = test.Manager.StartUpgradableJob(Waiter, new Conversation(customer, []));
        var first = test.Manager.CurrentVersion;
        await Customers.WhenStarted(customer, 1);

        folder.Write(TestModules.Upgradable(2));
        var second = test.Manager.Refresh();
        await Collect.UntilAsync(() => first.State == ModuleVersionState.Draining);

        job.Policy.Should().Be(UpgradePolicy.Never);
        job.Current.Version.Should().BeSameAs(first, "a retirement tells no job under Never");
        test.Manager.RequestUpgrade(first).Should().Be(1);
        await Customers.WhenStarted(customer, 2);
        job.Current.Version.Should().BeSameAs(second);
        Customers.Reply(customer, "ok");
        await job;
    }

    [Fact]
    public async Task UnderTheRequestPolicy_AJobThatDoesNotHandOffWithinTheGracePeriod_IsLogged()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        using var folder = ModulesFolder.With(TestModules.Upgradable(1));
        using var test = new TestManager(folder.Path, options =>
        {
            options.TimeProvider = clock;
            options.UpgradeGracePeriod = TimeSpan.FromSeconds(30);
        });
        var customer = Guid.NewGuid().ToString("N");
        var job = test.Manager.StartUpgradableJob(Waiter, new Conversation(customer, []), new JobOptions { Upgrade = UpgradePolicy.Request });
        await Customers.WhenStarted(customer, 1);

        // The next version cannot take the job: it is told, cannot hand off, and stays past the grace period.
        folder.Write(TestModules.Upgradable(2, withWaiter: false));
        test.Manager.Refresh();
        await Collect.UntilAsync(() => test.Events(29).Count == 1);
        test.Events(30).Should().BeEmpty();
        clock.Advance(TimeSpan.FromSeconds(31));

        test.Events(30).Should().ContainSingle().Which.Message.Should().Contain("00:00:30");
        Customers.Reply(customer, "ok");
        await job;
    }

    [Fact]
    public async Task UnderACanary_AJobHandsOffOnlyToAPromotedVersion_NeverToACandidate()
    {
        using var folder = ModulesFolder.With(TestModules.Upgradable(1));
        using var test = new TestManager(folder.Path, options =>
        {
            options.UpgradePolicy = UpgradePolicy.WhenIdle;
            options.Canary = new CanaryOptions { Steps = [100], MinJobsPerStep = 1000 };
        });
        var customer = Guid.NewGuid().ToString("N");
        var stable = test.Manager.CurrentVersion;
        var job = test.Manager.StartUpgradableJob(Waiter, new Conversation(customer, []));
        await Customers.WhenStarted(customer, 1);

        folder.Write(TestModules.Upgradable(2));
        test.Manager.Refresh();
        var candidate = test.Manager.Rollout!.Candidate;
        job.Current.Version.Should().BeSameAs(stable, "a candidate is not newer code to hand off to: the stable version is still current");
        test.Manager.AbortRollout();
        (await candidate.UnloadCompletion).Should().Be(ModuleVersionState.Collected);
        job.Current.Version.Should().BeSameAs(stable, "nothing is handed off to a rolled-back candidate");

        folder.Write(TestModules.Upgradable(3));
        test.Manager.Refresh();
        var promoted = test.Manager.PromoteCandidate()!.Candidate;
        await Customers.WhenStarted(customer, 3);
        Customers.Reply(customer, "yes");
        await job;

        job.Versions.Should().Equal(stable, promoted);
        (await Customers.WhenFinished(customer)).Builds.Should().Equal(1, 3);
    }
}
