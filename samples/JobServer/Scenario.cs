using System.Collections.Concurrent;
using Modulets;

namespace JobServer;

/// <summary>
/// The story: confirmation jobs start on SendEmail v1 (one plain bounce address), the operator ships v2 (VERP), new jobs
/// start on it while the waiting ones keep v1, and v1 is collected once its last job ends.
/// </summary>
internal sealed class Scenario(ModuletManager manager, Mailbox mailbox, SendEmailModuleWriter writer, JobServerArguments arguments, TextWriter output)
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<Answer>> _answersByVersion = new();
    private readonly List<ModuletJob> _jobs = [];

    /// <summary>Runs the story; returns whether it went as promised.</summary>
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        var first = manager.CurrentVersion;
        output.WriteLine($"Version {first.ShortId}: SendEmail v1, every bounce goes to bounces@{Mailbox.BounceDomain}");
        StartJobs("a", cancellationToken);
        output.WriteLine($"Started {arguments.Jobs} confirmation jobs on {first.ShortId}; shipping SendEmail v2 (VERP) in {arguments.ShipAfter.TotalSeconds:0} s");

        using var progress = new Timer(_ => Report(), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        await Task.Delay(arguments.ShipAfter, cancellationToken);
        writer.WriteVerp();
        var second = await WaitForNewVersionAsync(first, cancellationToken);
        output.WriteLine($"Version {second.ShortId} is current: SendEmail v2, bounces+<recipient>@{Mailbox.BounceDomain}; {first.ActiveJobs} jobs still wait on {first.ShortId}");
        StartJobs("b", cancellationToken);
        output.WriteLine($"Started {arguments.Jobs} confirmation jobs on {second.ShortId}");

        await Task.WhenAll(_jobs.Select(job => job.Completion));
        var firstEnd = await first.UnloadCompletion.WaitAsync(cancellationToken);
        Report();
        output.WriteLine($"Version {first.ShortId} was {firstEnd.ToString().ToLowerInvariant()} after its last job ended");
        return firstEnd == ModuleVersionState.Collected
            && Count(first, Answer.Bounced) == 0 && mailbox.UnmatchedBounces > 0
            && Count(second, Answer.Bounced) > 0;
    }

    private void StartJobs(string batch, CancellationToken cancellationToken)
    {
        for (var i = 0; i < arguments.Jobs; i++)
        {
            // One address in five does not exist and bounces.
            var recipient = i % 5 == 4 ? $"nobody-{batch}{i}@example.invalid" : $"customer-{batch}{i}@example.com";
            var job = manager.StartJob(
                async (job, token) =>
                {
                    var email = job.CreateInstance<ISendEmail>("SendEmail.Composer").Compose(recipient);
                    var answer = await mailbox.SendAndWaitAsync(email, arguments.GiveUpAfter, token);
                    _answersByVersion.GetOrAdd(job.Version.Id, _ => []).Add(answer);
                },
                new JobOptions { Name = $"confirm {recipient}" },
                cancellationToken);
            _jobs.Add(job);
        }
    }

    private async Task<ModuleVersion> WaitForNewVersionAsync(ModuleVersion old, CancellationToken cancellationToken)
    {
        // The folder watcher picks the new build up after a quiet period; Refresh would read it at once.
        while (manager.CurrentVersion == old)
        {
            await Task.Delay(50, cancellationToken);
        }

        return manager.CurrentVersion;
    }

    private int Count(ModuleVersion version, Answer answer) =>
        _answersByVersion.TryGetValue(version.Id, out var answers) ? answers.Count(a => a == answer) : 0;

    private void Report()
    {
        var live = manager.Versions.Where(v => v.State is not ModuleVersionState.Collected).Select(v =>
            $"{v.ShortId} {v.State.ToString().ToLowerInvariant()}: {v.ActiveJobs} waiting, {Count(v, Answer.Replied)} replied, {Count(v, Answer.Bounced)} bounces caught, {Count(v, Answer.GaveUp)} gave up");
        output.WriteLine($"  {string.Join(" · ", live)} · unmatched bounces {mailbox.UnmatchedBounces}");
    }
}
