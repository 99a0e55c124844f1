namespace Modulets.Diagnostics;

/// <summary>A heap snapshot could not be taken or read; the message says why (permissions, the diagnostics port, disk space, the runtime's data access library).</summary>
public sealed class HeapSnapshotException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="HeapSnapshotException"/> class.</summary>
    public HeapSnapshotException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="HeapSnapshotException"/> class.</summary>
    /// <param name="message">Why the snapshot failed.</param>
    public HeapSnapshotException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="HeapSnapshotException"/> class.</summary>
    /// <param name="message">Why the snapshot failed.</param>
    /// <param name="innerException">The failure underneath.</param>
    public HeapSnapshotException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
