using System.Collections.Concurrent;

namespace Modulets;

/// <summary>
/// Counts a job's running parts (its body and each child) and collects how they ended, so the last one to end can
/// complete the job. A mutable struct held in one field of the job, so it costs no allocation of its own.
/// </summary>
internal struct JobParts
{
    private ConcurrentQueue<Exception>? _failures;
    private int _running;
    private int _canceled;

    /// <summary>Starts the count with the job's body, the part every job has.</summary>
    public JobParts() => _running = 1;

    public readonly bool AnyCanceled => Volatile.Read(in _canceled) > 0;

    /// <summary>Gets the distinct failures, in the order they happened.</summary>
    public readonly Exception[] Failures => _failures is { } queue ? [.. queue.Distinct()] : [];

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
