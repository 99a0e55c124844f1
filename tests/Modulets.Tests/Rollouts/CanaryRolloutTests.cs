using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Modulets.Tests.Rollouts;

/// <summary>Canary rollouts on real module builds and a fake clock: a good build climbs the steps and is promoted, a bad one is rolled back and never comes back.</summary>
public class CanaryRolloutTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly ConcurrentQueue<RolloutStatus> _changes = new();
    private readonly ConcurrentDictionary<RolloutState, TaskCompletionSource<RolloutStatus>> _reached = new();

    [Fact]
    public async Task GoodCandidate_HeldThroughEachStep_IsPromotedAndTheStableVersionDrains()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = CanaryManager(folder, steps: [10, 50, 100]);
        var stable = test.Manager.CurrentVersion;
        folder.Write(TestModules.Magic(2));
        test.Manager.Refresh();

        var candidate = test.Manager.Rollout!.Candidate;
        candidate.State.Should().Be(ModuleVersionState.Candidate);
        test.Manager.CurrentVersion.Should().BeSameAs(stable, "the stable version stays current while the candidate is judged");
        var split = await RunJobsAsync(test.Manager, 1000);
        split[candidate].Should().BeInRange(50, 150, "the candidate takes about 10% of new jobs at step 1");
        test.Manager.Rollout!.Step.Should().Be(1, "a step lasts at least its minimum time, however many jobs ended");

        _time.Advance(TimeSpan.FromMinutes(1));
        test.Manager.Rollout!.Should().Match<RolloutStatus>(status => status.Step == 2 && status.Percent == 50 && status.State == RolloutState.InProgress);
        split = await RunJobsAsync(test.Manager, 400);
        split[candidate].Should().BeInRange(140, 260, "the candidate takes about half of new jobs at step 2");

        _time.Advance(TimeSpan.FromMinutes(1));
        test.Manager.Rollout!.Percent.Should().Be(100, "at its last step the candidate takes every new job, the stable version still current");
        (await RunJobsAsync(test.Manager, 20)).Keys.Should().Equal([candidate]);
        test.Manager.CurrentVersion.Should().BeSameAs(stable, "the last step too lasts its minimum time");
        _time.Advance(TimeSpan.FromMinutes(1));
        var promoted = await WaitForAsync(RolloutState.Promoted);

        promoted.Candidate.Should().BeSameAs(candidate);
        promoted.Reason.Should().Contain("stayed within").And.Contain("3 steps");
        test.Manager.CurrentVersion.Should().BeSameAs(candidate);
        candidate.State.Should().Be(ModuleVersionState.Current);
        stable.State.Should().NotBe(ModuleVersionState.Current, "the promoted candidate replaced it");
        _changes.Select(status => (status.State, status.Step)).Should().ContainInOrder(
            (RolloutState.InProgress, 1), (RolloutState.InProgress, 2), (RolloutState.InProgress, 3), (RolloutState.Promoted, 3));
        test.Events(32).Should().ContainSingle().Which.Message.Should().Contain(candidate.ShortId).And.Contain("10% of new jobs");
        test.Events(33).Should().HaveCount(2);
        test.Events(34).Should().ContainSingle();
        (await RunJobsAsync(test.Manager, 10)).Keys.Should().Equal([candidate], "every new job starts on the promoted version");
        (await Collect.UntilAsync(() =>
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            return stable.State == ModuleVersionState.Collected;
        })).Should().BeTrue("the stable version is retired, then collected, like any replaced version");
    }

    [Fact]
    public async Task BadCandidate_FailingMoreThanTheTolerance_IsRolledBackAtOnceAndItsContentIsNotACandidateAgain()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = CanaryManager(folder, steps: [25, 100]);
        var stable = test.Manager.CurrentVersion;
        var bad = TestModules.ThrowingMagic();
        folder.Write(bad);
        test.Manager.Refresh();
        var candidate = test.Manager.Rollout!.Candidate;

        await RunJobsAsync(test.Manager, 200);
        var rolledBack = await WaitForAsync(RolloutState.RolledBack);

        rolledBack.Candidate.Should().BeSameAs(candidate);
        rolledBack.CandidateFailureRate.Should().Be(1);
        rolledBack.StableFailureRate.Should().Be(0);
        rolledBack.Percent.Should().Be(0);
        rolledBack.Reason.Should().Contain("100% of 10 jobs").And.Contain("exceeds the stable version's");
        rolledBack.Step.Should().Be(1, "it failed before its first step's minimum time had passed");
        test.Events(35).Should().ContainSingle().Which.Message.Should().Contain(candidate.ShortId).And.Contain(stable.ShortId);
        (await RunJobsAsync(test.Manager, 50)).Keys.Should().Equal([stable], "the stable version takes every new job after the rollback");

        // The log collector keeps the failed jobs' exceptions, whose stack traces hold the candidate's code.
        test.Logs.Clear();
        (await Collect.UntilAsync(() =>
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            return candidate.State == ModuleVersionState.Collected;
        })).Should().BeTrue("the rolled-back candidate drains and is collected");

        folder.Write(TestModules.Magic(1));
        folder.Write(bad);
        test.Manager.Refresh().Should().BeSameAs(stable);
        test.Manager.Rollout!.State.Should().Be(RolloutState.RolledBack, "the same content is not a candidate again");
        test.Events(37).Should().ContainSingle().Which.Message.Should().Contain(candidate.ShortId);

        folder.Write(TestModules.Magic(3));
        test.Manager.Refresh();
        test.Manager.Rollout!.Should().Match<RolloutStatus>(status => status.State == RolloutState.InProgress && status.Candidate.Id != candidate.Id, "a new build is a new candidate");
    }

    [Fact]
    public async Task SplitTag_SendsEachTenantToOneSideAndMovesTenantsOnlyTowardsTheCandidate()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = CanaryManager(folder, steps: [30, 60, 100], configure: canary => canary.SplitTag = "tenant");
        folder.Write(TestModules.Magic(2));
        test.Manager.Refresh();
        var candidate = test.Manager.Rollout!.Candidate;
        var tenants = Enumerable.Range(1, 200).Select(i => $"tenant-{i}").ToList();

        var atStep1 = await SidesAsync(test.Manager, tenants, candidate);
        _time.Advance(TimeSpan.FromMinutes(1));
        await RunJobsAsync(test.Manager, 20);
        test.Manager.Rollout!.Step.Should().Be(2);
        var atStep2 = await SidesAsync(test.Manager, tenants, candidate);

        atStep1.Count(onCandidate => onCandidate.Value).Should().BeInRange(30, 90, "about 30% of tenants are on the candidate at step 1");
        atStep2.Count(onCandidate => onCandidate.Value).Should().BeGreaterThan(atStep1.Count(onCandidate => onCandidate.Value));
        atStep1.Where(pair => pair.Value).Select(pair => pair.Key).Should().OnlyContain(tenant => atStep2[tenant], "a tenant on the candidate stays there as the steps rise");
    }

    [Fact]
    public async Task Operator_PromotesOrAbortsARolloutInProgress()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = CanaryManager(folder, steps: [10, 100]);
        var stable = test.Manager.CurrentVersion;
        folder.Write(TestModules.Magic(2));
        test.Manager.Refresh();

        var aborted = test.Manager.AbortRollout();

        aborted!.State.Should().Be(RolloutState.RolledBack);
        aborted.Reason.Should().Be("an operator aborted it");
        test.Manager.CurrentVersion.Should().BeSameAs(stable);
        test.Manager.AbortRollout().Should().BeNull("no rollout is in progress any more");

        folder.Write(TestModules.Magic(3));
        test.Manager.Refresh();
        var promoted = test.Manager.PromoteCandidate();

        promoted!.State.Should().Be(RolloutState.Promoted);
        promoted.Reason.Should().Be("an operator promoted it");
        test.Manager.CurrentVersion.Should().BeSameAs(promoted.Candidate);
        (await RunJobsAsync(test.Manager, 5)).Keys.Should().Equal([promoted.Candidate]);
    }

    [Fact]
    public async Task NewerContent_WhileACandidateIsJudged_SupersedesIt()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = CanaryManager(folder, steps: [10, 100]);
        var stable = test.Manager.CurrentVersion;
        folder.Write(TestModules.Magic(2));
        test.Manager.Refresh();
        var first = test.Manager.Rollout!.Candidate;

        folder.Write(TestModules.Magic(3));
        test.Manager.Refresh();

        test.Manager.Rollout!.Candidate.Should().NotBeSameAs(first);
        first.State.Should().NotBe(ModuleVersionState.Candidate);
        (await WaitForAsync(RolloutState.Superseded)).Candidate.Should().BeSameAs(first);

        folder.Write(TestModules.Magic(1));
        test.Manager.Refresh().Should().BeSameAs(stable);
        test.Manager.Rollout!.State.Should().Be(RolloutState.Superseded, "the stable version's content is the newest again");
    }

    [Fact]
    public void CanaryOptions_Invalid_FailWithEveryProblem()
    {
        var options = new ModuletOptions
        {
            ModulesPath = "modules",
            Canary = new CanaryOptions { Steps = [50, 20], MinJobsPerStep = 0, FailureRateTolerance = 2 },
        };

        var act = () => new ModuletManager(options);

        act.Should().Throw<ArgumentException>()
            .WithMessage("*Canary.Steps must be rising percentages*[50, 20]*")
            .WithMessage("*Canary.MinJobsPerStep must be at least 1*")
            .WithMessage("*Canary.FailureRateTolerance must be from 0 to 1*");
    }

    private TestManager CanaryManager(ModulesFolder folder, int[] steps, Action<CanaryOptions>? configure = null)
    {
        var test = new TestManager(folder.Path, options =>
        {
            options.TimeProvider = _time;
            options.Canary = new CanaryOptions { Steps = steps, MinJobsPerStep = 10, MinStepDuration = TimeSpan.FromMinutes(1) };
            configure?.Invoke(options.Canary);
        });
        test.Manager.RolloutChanged += (_, e) =>
        {
            _changes.Enqueue(e.Status);
            Reached(e.Status.State).TrySetResult(e.Status);
        };
        return test;
    }

    /// <summary>Runs jobs that call the module's code one after the other, and counts them by the version they ran on.</summary>
    private static async Task<Dictionary<ModuleVersion, int>> RunJobsAsync(ModuletManager manager, int count, JobOptions? options = null)
    {
        var split = new Dictionary<ModuleVersion, int>();
        for (var i = 0; i < count; i++)
        {
            var job = manager.StartJob(job => Task.FromResult(job.CreateInstance<IMagic>(TestModules.MagicType).GetMagic()), options);
            await job.Completion.ContinueWith(_ => { }, TaskScheduler.Default);
            split[job.Version] = split.GetValueOrDefault(job.Version) + 1;
        }

        return split;
    }

    private static async Task<Dictionary<string, bool>> SidesAsync(ModuletManager manager, IEnumerable<string> tenants, ModuleVersion candidate)
    {
        var sides = new Dictionary<string, bool>();
        foreach (var tenant in tenants)
        {
            var options = new JobOptions { Tags = new Dictionary<string, string> { ["tenant"] = tenant } };
            var split = await RunJobsAsync(manager, 3, options);
            split.Should().ContainSingle($"all of {tenant}'s jobs run on one side");
            sides[tenant] = split.ContainsKey(candidate);
        }

        return sides;
    }

    /// <summary>Waits (bounded) for the rollout to reach a state: events are raised on the thread pool, and a promotion is made off the job's thread.</summary>
    private Task<RolloutStatus> WaitForAsync(RolloutState state) => Reached(state).Task.WaitAsync(TimeSpan.FromSeconds(30));

    private TaskCompletionSource<RolloutStatus> Reached(RolloutState state) =>
        _reached.GetOrAdd(state, _ => new TaskCompletionSource<RolloutStatus>(TaskCreationOptions.RunContinuationsAsynchronously));
}
