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
    private int _children;
    private int _canceled;

    /// <summary>Starts the count with the job's body, the part every job has.</summary>
    public JobParts() => _running = 1;

    /// <summary>Gets the number of children still running (the body not counted).</summary>
    public readonly int RunningChildren => Volatile.Read(in _children);

    public readonly bool AnyCanceled => Volatile.Read(in _canceled) > 0;

    /// <summary>Gets the distinct failures, in the order they happened.</summary>
    public readonly Exception[] Failures => _failures is { } queue ? [.. queue.Distinct()] : [];

    /// <summary>Counts a new child; fails once every part has ended (the job is over).</summary>
    public bool TryBeginChild()
    {
        if (!TryBegin())
        {
            return false;
        }

        Interlocked.Increment(ref _children);
        return true;
    }

    /// <summary>Ends a child; returns <see langword="true"/> when it was the job's last part.</summary>
    public bool EndChild()
    {
        Interlocked.Decrement(ref _children);
        return End();
    }

    private bool TryBegin()
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
