namespace Modulets;

/// <summary>
/// The content of the modules could not become a version: the folder is missing or empty, or a file in it is
/// incomplete, not .NET, or unreadable. Thrown by <see cref="ModuletManager.StartJob(Func{ModuletJob, Task}, JobOptions, CancellationToken)"/> and
/// <see cref="ModuletManager.Refresh"/> only while no good version has ever existed; otherwise the bad update is
/// logged once and jobs keep starting on the current version.
/// </summary>
public sealed class ModuleLoadException : ModuletException
{
    /// <summary>Creates an exception with a generic message.</summary>
    public ModuleLoadException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What is wrong with the modules.</param>
    public ModuleLoadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the error that caused it.</summary>
    /// <param name="message">What is wrong with the modules.</param>
    /// <param name="innerException">The error that caused this one.</param>
    public ModuleLoadException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception that names where the modules come from and the file at fault.</summary>
    /// <param name="message">What is wrong with the modules.</param>
    /// <param name="location">The modules folder (or package) that was read.</param>
    /// <param name="filePath">The file at fault, when one is.</param>
    /// <param name="innerException">The error that caused this one.</param>
    public ModuleLoadException(string message, string location, string? filePath, Exception? innerException = null)
        : base(message, innerException)
    {
        Location = location;
        FilePath = filePath;
    }

    /// <summary>Gets the modules folder (or package) that was read.</summary>
    public string? Location { get; }

    /// <summary>Gets the file at fault, or <see langword="null"/> when the problem is the folder itself.</summary>
    public string? FilePath { get; }

    /// <summary>
    /// Gets whether nothing is wrong yet: the source's first content is still on its way (a feed's first check has not
    /// finished). The manager logs no error for it, and a host waits for the first version (see
    /// <see cref="ModuletOptions.FirstVersionTimeout"/>).
    /// </summary>
    /// <value><see langword="false"/>.</value>
    public bool IsPending { get; init; }
}
