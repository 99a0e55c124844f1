namespace Modulets;

/// <summary>
/// Calls back, on the finalizer thread, after each full (generation 2) collection: an object nothing refers to that,
/// each time it is finalized, calls back and registers itself to be finalized again. Once it has been promoted to
/// generation 2, only a full collection finalizes it; the runtime's own caches trim themselves the same way.
/// </summary>
internal sealed class FullCollectionSignal
{
    private readonly Func<bool> _callback;

    private FullCollectionSignal(Func<bool> callback) => _callback = callback;

    ~FullCollectionSignal()
    {
        try
        {
            if (!_callback())
            {
                return;
            }
        }
#pragma warning disable CA1031 // Nothing may escape a finalizer: it would end the process.
        catch (Exception)
#pragma warning restore CA1031
        {
            // The signal goes on: one failed call back costs one missed wake-up.
        }

        GC.ReRegisterForFinalize(this);
    }

    /// <summary>Starts calling <paramref name="callback"/> after each full collection, until it returns <see langword="false"/>.</summary>
    public static void Start(Func<bool> callback) => _ = new FullCollectionSignal(callback);
}
