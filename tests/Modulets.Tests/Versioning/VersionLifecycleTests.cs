using Microsoft.Extensions.Time.Testing;

namespace Modulets.Tests.Versioning;

public class VersionLifecycleTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly List<ModuleVersionState> _transitions = [];

    [Fact]
    public void Retire_WithNoJob_ClosesTheVersionAndMovesItToUnloading()
    {
        var lifecycle = NewLifecycle();

        lifecycle.Retire().Should().BeTrue("the caller must unload a version that no job holds");
        lifecycle.IsClosed.Should().BeTrue();
        lifecycle.MarkUnloaded().Should().BeTrue();

        lifecycle.State.Should().Be(ModuleVersionState.Unloading);
        lifecycle.Times.RetiredAt.Should().Be(_time.GetUtcNow());
        lifecycle.Times.UnloadedAt.Should().Be(_time.GetUtcNow());
        _transitions.Should().Equal(ModuleVersionState.Draining, ModuleVersionState.Unloading);
    }

    [Fact]
    public void Retire_WithAJob_DrainsUntilTheLastLeaseIsReleased()
    {
        var lifecycle = NewLifecycle();
        lifecycle.TryAcquireLease().Should().BeTrue();

        lifecycle.Retire().Should().BeFalse();
        lifecycle.State.Should().Be(ModuleVersionState.Draining);
        lifecycle.ActiveJobs.Should().Be(1);
        _time.Advance(TimeSpan.FromMinutes(1));

        lifecycle.ReleaseLease().Should().BeTrue("the last lease closes a retired version");
        lifecycle.MarkUnloaded().Should().BeTrue();
        lifecycle.State.Should().Be(ModuleVersionState.Unloading);
        lifecycle.Times.UnloadedAt.Should().Be(_time.GetUtcNow());
        lifecycle.ActiveJobs.Should().Be(0);
    }

    [Fact]
    public void Retire_WhenTheLastLeaseIsReleasedInsideTheTransition_EndsUnloadingAndClosesOnce()
    {
        // The interleaving that the blind writes of the old Retire lost: the job's last lease is released (and the
        // version unloaded by the job's end) after the version is marked retired and before the retirement checks
        // the leases. The version must end Unloading, closed by exactly one of the two, never Draining again with
        // UnloadedAt set.
        var lifecycle = NewLifecycle();
        lifecycle.TryAcquireLease().Should().BeTrue();
        var closedByRelease = false;
        lifecycle.TransitionObserver = state =>
        {
            if (state == ModuleVersionState.Draining)
            {
                closedByRelease = lifecycle.ReleaseLease() && lifecycle.MarkUnloaded();
            }
        };

        var closedByRetire = lifecycle.Retire() && lifecycle.MarkUnloaded();

        (closedByRetire ^ closedByRelease).Should().BeTrue("exactly one caller closes the version and unloads it");
        lifecycle.State.Should().Be(ModuleVersionState.Unloading);
        lifecycle.Times.UnloadedAt.Should().NotBeNull();
        _transitions.Should().Equal(ModuleVersionState.Draining, ModuleVersionState.Unloading);
    }

    [Fact]
    public void TryAcquireLease_OnAClosedVersion_FailsAndLeavesNoLease()
    {
        var lifecycle = NewLifecycle();
        lifecycle.Retire();

        lifecycle.TryAcquireLease().Should().BeFalse();
        lifecycle.ActiveJobs.Should().Be(0);
        lifecycle.IsClosed.Should().BeTrue();
    }

    [Fact]
    public void TryRevive_WhileDraining_MakesTheVersionCurrentAgainAndForgetsItsRetirement()
    {
        var lifecycle = NewLifecycle();
        lifecycle.TryAcquireLease();
        lifecycle.Retire();

        lifecycle.TryRevive().Should().BeTrue();

        lifecycle.State.Should().Be(ModuleVersionState.Current);
        lifecycle.Times.RetiredAt.Should().BeNull();
        lifecycle.ReleaseLease().Should().BeFalse("a current version stays loaded without jobs");
    }

    [Fact]
    public void TryRevive_OnAClosedVersion_Fails()
    {
        var lifecycle = NewLifecycle();
        lifecycle.Retire();

        lifecycle.TryRevive().Should().BeFalse("its code is being unloaded");
        lifecycle.MarkUnloaded().Should().BeTrue();
        lifecycle.TryRevive().Should().BeFalse();
        lifecycle.State.Should().Be(ModuleVersionState.Unloading);
    }

    [Fact]
    public void TryMarkLeaked_WhilePurgedJobsStillRun_LeaksAndThenUnloadsWhenTheyEnd()
    {
        var lifecycle = NewLifecycle();
        lifecycle.TryAcquireLease();
        lifecycle.Retire();
        lifecycle.TryMarkPurged().Should().BeTrue();

        lifecycle.TryMarkLeaked(new VersionLeak("jobs ignore cancellation", [])).Should().BeTrue();
        lifecycle.LeakReport.Should().Be("jobs ignore cancellation");

        lifecycle.ReleaseLease().Should().BeTrue();
        lifecycle.MarkUnloaded().Should().BeTrue();
        lifecycle.State.Should().Be(ModuleVersionState.Unloading);
    }

    [Fact]
    public void TryMarkCollected_BeforeTheVersionIsUnloaded_DoesNothing()
    {
        var lifecycle = NewLifecycle();
        lifecycle.Retire();

        lifecycle.TryMarkCollected().Should().BeFalse("closed is not unloaded yet");
        lifecycle.State.Should().Be(ModuleVersionState.Draining);
    }

    [Fact]
    public void TryMarkCollected_AfterALeak_MovesOnToCollectedOnce()
    {
        var lifecycle = NewLifecycle();
        lifecycle.Retire();
        lifecycle.MarkUnloaded();
        lifecycle.TryMarkLeaked(new VersionLeak("held by a test", [])).Should().BeTrue();
        _time.Advance(TimeSpan.FromMinutes(3));

        lifecycle.TryMarkCollected().Should().BeTrue();
        lifecycle.TryMarkCollected().Should().BeFalse();

        lifecycle.State.Should().Be(ModuleVersionState.Collected);
        lifecycle.Times.RetirementToCollection.Should().Be(TimeSpan.FromMinutes(3));
        _transitions.Should().Equal(ModuleVersionState.Draining, ModuleVersionState.Unloading, ModuleVersionState.Leaked, ModuleVersionState.Collected);
    }

    [Fact]
    public void TryMarkPurged_WithoutJobs_Fails()
    {
        var lifecycle = NewLifecycle();
        lifecycle.TryAcquireLease();
        lifecycle.Retire();
        lifecycle.ReleaseLease();

        lifecycle.TryMarkPurged().Should().BeFalse();
        lifecycle.Times.PurgedAt.Should().BeNull();
    }

    [Fact]
    public void Candidate_PromotedOrRetired_RevivesOnlyOnceItWasCurrent()
    {
        var promoted = NewLifecycle(ModuleVersionState.Candidate);
        var rolledBack = NewLifecycle(ModuleVersionState.Candidate);
        promoted.TryAcquireLease().Should().BeTrue("a candidate takes jobs");
        rolledBack.TryAcquireLease().Should().BeTrue();

        promoted.TryPromote().Should().BeTrue();
        promoted.Retire().Should().BeFalse("a job still runs on it");
        rolledBack.Retire().Should().BeFalse();

        promoted.TryRevive().Should().BeTrue("it was current before");
        rolledBack.WasCurrent.Should().BeFalse();
        rolledBack.TryRevive().Should().BeFalse("a candidate that was rolled back never comes back by its content alone");
        rolledBack.ReleaseLease().Should().BeTrue("its last job closes it");
        _transitions.Should().Equal(ModuleVersionState.Current, ModuleVersionState.Draining, ModuleVersionState.Draining, ModuleVersionState.Current);
    }

    private VersionLifecycle NewLifecycle(ModuleVersionState initial = ModuleVersionState.Current) => new(_time, _transitions.Add, initial);
}
