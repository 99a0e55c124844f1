namespace Modulets.Testing;

/// <summary>A version that a test expected to be collected was not; the message carries the leak report.</summary>
public sealed class VersionNotCollectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public VersionNotCollectedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What was found.</param>
    public VersionNotCollectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What was found.</param>
    /// <param name="innerException">The cause.</param>
    public VersionNotCollectedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    internal VersionNotCollectedException(string message, ModuleVersion version)
        : base(message) => Version = version;

    /// <summary>Gets the version.</summary>
    public ModuleVersion? Version { get; }
}
