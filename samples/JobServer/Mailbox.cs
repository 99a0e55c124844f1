using System.Collections.Concurrent;

namespace JobServer;

/// <summary>
/// The sample's mail system, in process: a sent email gets a reply from its customer after a while, or, for an
/// address that does not exist, a bounce to its return path. A bounce to a VERP return path
/// (<c>bounces+alice=example.com@jobs.example</c>) names the recipient, so it reaches the job that waits for that
/// recipient; a bounce to the plain <c>bounces@jobs.example</c> names nobody, and is only counted.
/// </summary>
internal sealed class Mailbox(TimeSpan replyWithin)
{
    public const string BounceDomain = "jobs.example";

    private readonly ConcurrentDictionary<string, TaskCompletionSource<Answer>> _waiting = new(StringComparer.OrdinalIgnoreCase);
    private int _unmatchedBounces;

    public int UnmatchedBounces => Volatile.Read(ref _unmatchedBounces);

    /// <summary>Sends the email and waits for its answer, or gives up after <paramref name="giveUpAfter"/>.</summary>
    public async Task<Answer> SendAndWaitAsync(Email email, TimeSpan giveUpAfter, CancellationToken cancellationToken)
    {
        var waiting = _waiting.GetOrAdd(email.To, _ => new TaskCompletionSource<Answer>(TaskCreationOptions.RunContinuationsAsynchronously));
        // The mail system is the host's: its delivery must not carry the job's flow (ModuletJob.Current, the version's
        // contextual reflection), or its timers would keep a purged version alive for as long as delivery takes.
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(() => DeliverAsync(email), CancellationToken.None);
        }

        try
        {
            return await waiting.Task.WaitAsync(giveUpAfter, cancellationToken);
        }
        catch (TimeoutException)
        {
            return Answer.GaveUp;
        }
        finally
        {
            _waiting.TryRemove(email.To, out _);
        }
    }

    private async Task DeliverAsync(Email email)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * replyWithin.TotalMilliseconds));
        if (!email.To.EndsWith(".invalid", StringComparison.Ordinal))
        {
            Resolve(email.To, Answer.Replied);
        }
        else if (VerpRecipient(email.ReturnPath) is { } recipient)
        {
            Resolve(recipient, Answer.Bounced);
        }
        else
        {
            Interlocked.Increment(ref _unmatchedBounces);
        }
    }

    private void Resolve(string recipient, Answer answer)
    {
        if (_waiting.TryGetValue(recipient, out var job))
        {
            job.TrySetResult(answer);
        }
    }

    /// <summary>Reads the recipient out of <c>bounces+local=domain@jobs.example</c>.</summary>
    private static string? VerpRecipient(string returnPath)
    {
        const string Prefix = "bounces+";
        var at = returnPath.LastIndexOf('@');
        if (!returnPath.StartsWith(Prefix, StringComparison.Ordinal) || at < 0)
        {
            return null;
        }

        var encoded = returnPath[Prefix.Length..at];
        var separator = encoded.LastIndexOf('=');
        return separator < 0 ? null : $"{encoded[..separator]}@{encoded[(separator + 1)..]}";
    }
}
