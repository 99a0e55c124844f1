namespace Modulets;

/// <summary>Where a manager stands on the way to its first version (see <see cref="FirstVersion"/>).</summary>
internal enum FirstVersionState
{
    NotRead,
    Pending,
    Failed,
    Serving,
    Stopped,
}
