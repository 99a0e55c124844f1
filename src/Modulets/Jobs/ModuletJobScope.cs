namespace Modulets;

/// <summary>
/// The calling code made a job by <see cref="ModuletManager.EnterJob"/>: until it is disposed, the code on this thread
/// (and what it awaits or starts) runs in the job's flow, on the job's version.
/// </summary>
/// <remarks>Dispose it on the thread that entered it, like a lock: that is where the caller's own flow is restored.</remarks>
public sealed class ModuletJobScope : IDisposable
{
    private readonly ExecutionContext? _outer;
    private Exception? _failure;
    private int _disposed;

    internal ModuletJobScope(ModuletJob job, ExecutionContext? outer)
    {
        Job = job;
        _outer = outer;
    }

    /// <summary>Gets the job.</summary>
    public ModuletJob Job { get; }

    /// <summary>Records that the code failed: the job's <see cref="ModuletJob.Completion"/> faults with it (an <see cref="OperationCanceledException"/> after the job's cancellation counts as cancelled), and its children are cancelled.</summary>
    /// <param name="failure">What the code threw.</param>
    public void Fail(Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        _failure = failure;
    }

    /// <summary>Leaves the job's flow and ends its body; the job ends now, or when its last child does, and releases its version.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Job.Exit(_outer, _failure);
        }
    }
}
