using System.Collections.Concurrent;

namespace Modulets;

/// <summary>Counts a job's running parts (its body and each child) and collects how they ended, so the last one to end can complete the job.</summary>
internal sealed class JobParts
{
    private ConcurrentQueue<Exception>? _failures;
    private int _running = 1;
    private int _canceled;

    public bool AnyCanceled => Volatile.Read(ref _canceled) > 0;

    /// <summary>Gets the distinct failures, in the order they happened.</summary>
    public Exception[] Failures => _failures is { } queue ? [.. queue.Distinct()] : [];

    /// <summary>Counts a new part; fails once every part has ended (the job is over).</summary>
    public bool TryBegin()
    {
        var running = Volatile.Read(ref _running);
        while (running > 0)
        {
            var seen = Interlocked.CompareExchange(ref _running, running + 1, running);
            if (seen == running)
            {
                return true;
            }

            running = seen;
        }

        return false;
    }

    public void RecordFailure(Exception failure) => LazyInitializer.EnsureInitialized(ref _failures).Enqueue(failure);

    public void RecordCanceled() => Interlocked.Increment(ref _canceled);

    /// <summary>Ends a part; returns <see langword="true"/> for the last one.</summary>
    public bool End() => Interlocked.Decrement(ref _running) == 0;
}
