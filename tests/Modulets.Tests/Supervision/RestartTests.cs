using Microsoft.Extensions.Time.Testing;

namespace Modulets.Tests.Supervision;

public class RestartTests
{
    [Fact]
    public async Task OneForOne_FailingChild_IsRestartedOnTheSameVersionAndTheJobSucceeds()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(7));
        using var test = new TestManager(folder.Path);
        var attempts = new List<int>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var job = test.Manager.StartJob(async job =>
        {
            await job.Spawn(
                async _ =>
                {
                    await gate.Task;
                    attempts.Add(job.GetMagic());
                    if (attempts.Count < 3)
                    {
                        throw new InvalidOperationException($"attempt {attempts.Count} failed");
                    }
                },
                new RestartIntensity(maxRestarts: 5, within: TimeSpan.FromMinutes(1)));
        });
        folder.Write(TestModules.Magic(8));
        test.Manager.Refresh();
        gate.SetResult();
        await job;

        attempts.Should().Equal(7, 7, 7);
        test.Events(17).Should().HaveCount(2).And.OnlyContain(record => record.Message.Contains($"job {job.Id}"));
    }

    [Fact]
    public async Task OneForOne_MoreFailuresThanAllowedWithinThePeriod_FailsTheJob()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path, options => options.TimeProvider = new FakeTimeProvider());
        var attempts = 0;

        var job = test.Manager.StartJob(job => job.Spawn(
            _ => Task.FromException(new InvalidOperationException($"attempt {++attempts} failed")),
            new RestartIntensity(maxRestarts: 2, within: TimeSpan.FromMinutes(1))));
        var act = async () => await job;

        var failure = await act.Should().ThrowAsync<ModuletException>().WithMessage($"A child of job {job.Id} failed again after 2 restarts within 00:01:00*");
        failure.WithInnerException<InvalidOperationException>().WithMessage("attempt 3 failed");
        attempts.Should().Be(3);
    }

    [Fact]
    public async Task OneForOne_FailuresSpacedBeyondThePeriod_AreRestartedIndefinitely()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        var time = new FakeTimeProvider();
        using var test = new TestManager(folder.Path, options => options.TimeProvider = time);
        var attempts = 0;

        var job = test.Manager.StartJob(job => job.Spawn(
            _ =>
            {
                if (++attempts > 6)
                {
                    return Task.CompletedTask;
                }

                time.Advance(TimeSpan.FromMinutes(2));
                return Task.FromException(new InvalidOperationException("transient"));
            },
            new RestartIntensity(maxRestarts: 2, within: TimeSpan.FromMinutes(1))));
        await job;

        attempts.Should().Be(7);
    }
}
