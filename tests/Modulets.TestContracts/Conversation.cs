using System.Collections.Concurrent;

namespace Modulets.TestContracts;

/// <summary>The state an upgradable test job carries across versions: a contract type.</summary>
/// <param name="Customer">Whom the job waits for.</param>
/// <param name="Builds">The module builds that ran the job so far, in order.</param>
/// <param name="Reply">The customer's reply, once it came.</param>
public sealed record Conversation(string Customer, IReadOnlyList<int> Builds, string? Reply = null);

/// <summary>The customers of the upgradable test jobs: the test replies; the jobs say when a generation started and how the job ended.</summary>
public static class Customers
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource<string>> s_replies = new();
    private static readonly ConcurrentDictionary<string, TaskCompletionSource<Conversation>> s_finished = new();
    private static readonly ConcurrentDictionary<(string, int), TaskCompletionSource> s_started = new();
    private static readonly ConcurrentDictionary<string, int> s_finishes = new();

    public static Task<string> ReplyOf(string customer) => Source(s_replies, customer).Task;

    public static void Reply(string customer, string reply) => Source(s_replies, customer).TrySetResult(reply);

    public static void Started(string customer, int build) => s_started.GetOrAdd((customer, build), _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public static Task WhenStarted(string customer, int build) => s_started.GetOrAdd((customer, build), _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public static void Finished(Conversation conversation)
    {
        s_finishes.AddOrUpdate(conversation.Customer, 1, (_, n) => n + 1);
        Source(s_finished, conversation.Customer).TrySetResult(conversation);
    }

    /// <summary>Gets how many times a customer's job finished: once, unless a generation ran twice.</summary>
    public static int Finishes(string customer) => s_finishes.GetValueOrDefault(customer);

    public static Task<Conversation> WhenFinished(string customer) => Source(s_finished, customer).Task;

    private static TaskCompletionSource<T> Source<T>(ConcurrentDictionary<string, TaskCompletionSource<T>> sources, string key) =>
        sources.GetOrAdd(key, _ => new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously));
}
