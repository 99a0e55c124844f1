namespace Modulets;

/// <summary>
/// A job's cancellation, created on first use (most jobs are never cancelled, and thousands may run at once), and
/// its link to the caller's token. A mutable struct held in one field of the job, so it costs no allocation of its own.
/// </summary>
internal struct JobCancellation
{
    private CancellationTokenSource? _source;
    private CancellationTokenRegistration _callerRegistration;

    public readonly bool IsRequested => Volatile.Read(in _source)?.IsCancellationRequested ?? false;

    public CancellationToken Token => Source.Token;

    private CancellationTokenSource Source
    {
        get
        {
            var source = Volatile.Read(ref _source);
            if (source is null)
            {
                var created = new CancellationTokenSource();
                source = Interlocked.CompareExchange(ref _source, created, null) ?? created;
            }

            return source;
        }
    }

    /// <summary>Makes the caller's token cancel the job, through <paramref name="cancel"/>.</summary>
    public void LinkTo(Action<object?> cancel, object job, CancellationToken caller)
    {
        if (caller.CanBeCanceled)
        {
            _callerRegistration = caller.UnsafeRegister(cancel, job);
        }
    }

    public readonly void UnlinkFromCaller() => _callerRegistration.Dispose();

    /// <summary>Cancels the job; returns what its cancellation callbacks threw, if anything.</summary>
    public AggregateException? Cancel()
    {
        try
        {
            Source.Cancel();
            return null;
        }
        catch (AggregateException e)
        {
            return e;
        }
    }
}
