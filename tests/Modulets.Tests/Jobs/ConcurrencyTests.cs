using System.Collections.Concurrent;

namespace Modulets.Tests.Jobs;

public class ConcurrencyTests
{
    [Fact]
    public async Task ManyJobs_WhileVersionsSwap_EachRunsTheCodeOfTheVersionItStartedOn()
    {
        const int Updates = 12;
        const int Starters = 4;
        const int JobsPerStarter = 150;
        using var folder = ModulesFolder.With(TestModules.Magic(0));
        using var test = new TestManager(folder.Path);
        var magicOfVersion = new ConcurrentDictionary<string, int> { [test.Manager.CurrentVersion.Id] = 0 };
        var everyoneStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var results = new ConcurrentBag<(ModuletJob Job, Task<int> Magic)>();

        var updater = Task.Run(() =>
        {
            for (var magic = 1; magic <= Updates; magic++)
            {
                folder.Write(TestModules.Magic(magic));
                magicOfVersion.TryAdd(test.Manager.Refresh().Id, magic);
            }
        });
        var starters = Enumerable.Range(0, Starters).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < JobsPerStarter; i++)
            {
                results.Add(test.Manager.StartMagicJob(everyoneStarted.Task));
                await Task.Yield();
            }
        }));
        await Task.WhenAll(starters.Append(updater));
        everyoneStarted.SetResult();
        await Task.WhenAll(results.Select(r => r.Job.Completion));

        results.Should().HaveCount(Starters * JobsPerStarter);
        foreach (var (job, magic) in results)
        {
            (await magic).Should().Be(magicOfVersion[job.Version.Id]);
        }

        var retired = test.Manager.Versions.Where(v => v != test.Manager.CurrentVersion).ToList();
        retired.Should().HaveCount(Updates);
        var states = await Task.WhenAll(retired.Select(v => v.UnloadCompletion.WaitAsync(TimeSpan.FromSeconds(60))));
        states.Should().OnlyContain(state => state == ModuleVersionState.Collected);
    }
}
