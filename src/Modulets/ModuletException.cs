namespace Modulets;

/// <summary>The base of the errors Modulets reports about module code: a type that cannot be found or created, a job that cannot be started.</summary>
public class ModuletException : Exception
{
    /// <summary>Creates an exception with a generic message.</summary>
    public ModuletException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong, naming the type, version or file concerned.</param>
    public ModuletException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the error that caused it.</summary>
    /// <param name="message">What went wrong, naming the type, version or file concerned.</param>
    /// <param name="innerException">The error that caused this one.</param>
    public ModuletException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
