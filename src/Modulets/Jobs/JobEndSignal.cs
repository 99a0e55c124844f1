namespace Modulets;

/// <summary>
/// The token behind <see cref="ModuletJob.Ended"/>: created on first use (most jobs never ask), cancelled once when the
/// job ends. After that, a token asked for is already cancelled, so clean-up registered late still runs at once.
/// </summary>
internal struct JobEndSignal
{
    private static readonly CancellationTokenSource s_ended = new(0);

    private CancellationTokenSource? _source;

    public CancellationToken Token
    {
        get
        {
            var source = Volatile.Read(ref _source);
            if (source is null)
            {
                var created = new CancellationTokenSource();
                source = Interlocked.CompareExchange(ref _source, created, null) ?? created;
            }

            return source.Token;
        }
    }

    /// <summary>Signals the end; returns what the registered callbacks threw, if anything.</summary>
    public AggregateException? Signal()
    {
        var source = Interlocked.Exchange(ref _source, s_ended);
        if (source is null || ReferenceEquals(source, s_ended))
        {
            return null;
        }

        try
        {
            source.Cancel();
            return null;
        }
        catch (AggregateException e)
        {
            return e;
        }
    }
}
