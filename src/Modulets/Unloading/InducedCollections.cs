namespace Modulets;

/// <summary>
/// When the unload monitor collects: a check that follows a full collection (the runtime's own, or anyone's) needs
/// none; otherwise one round is induced (collect, run the finalizers, collect: what an unloaded context needs to go),
/// at most once a second however many unloads keep coming. Before a version is declared leaked, more rounds settle
/// what can be settled.
/// </summary>
internal sealed class InducedCollections
{
    internal static readonly TimeSpan LeastBetween = TimeSpan.FromSeconds(1);

    private int _fullCollectionsSeen;
    private DateTimeOffset _lastInduced = DateTimeOffset.MinValue;

    /// <summary>Counts full collections from now on (the monitor starts watching).</summary>
    public void StartCounting() => _fullCollectionsSeen = GC.CollectionCount(GC.MaxGeneration);

    /// <summary>Induces a round when no full collection came since the last check and none was induced in the last second.</summary>
    public void CollectUnlessOneCame(DateTimeOffset now)
    {
        var fullCollections = GC.CollectionCount(GC.MaxGeneration);
        if (fullCollections == _fullCollectionsSeen && now - _lastInduced >= LeastBetween)
        {
            Thorough();
            _lastInduced = now;
            fullCollections = GC.CollectionCount(GC.MaxGeneration);
        }

        _fullCollectionsSeen = fullCollections;
    }

    public static void Thorough()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
