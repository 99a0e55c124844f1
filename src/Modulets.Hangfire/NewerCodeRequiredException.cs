namespace Modulets.Hangfire;

/// <summary>The code that enqueued a job is newer than every version this server serves, even after a fresh look at its source: the job is rescheduled, not failed.</summary>
public sealed class NewerCodeRequiredException : ModuletException
{
    /// <summary>Creates the exception.</summary>
    public NewerCodeRequiredException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is older.</param>
    public NewerCodeRequiredException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is older.</param>
    /// <param name="innerException">The cause.</param>
    public NewerCodeRequiredException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    internal NewerCodeRequiredException(EnqueuerVersion enqueuer, ModuleVersion newest, string manager, TimeSpan retryAfter)
        : base($"The job was enqueued by version {enqueuer.Id[..Math.Min(12, enqueuer.Id.Length)]} ({Describe(enqueuer.Labels)}), newer than manager '{manager}''s version {newest.ShortId} ({Describe(newest.Labels)}) even after a fresh look at its source. It is tried again in {retryAfter}; no retry is used up.")
    {
        EnqueuerVersionId = enqueuer.Id;
        VersionId = newest.Id;
        RetryAfter = retryAfter;
    }

    /// <summary>Gets the full id of the version that enqueued the job.</summary>
    public string? EnqueuerVersionId { get; }

    /// <summary>Gets the full id of this server's newest version.</summary>
    public string? VersionId { get; }

    /// <summary>Gets how long the job waits before it is tried again (<see cref="ModuletsHangfireOptions.NewerCodeDelay"/>).</summary>
    public TimeSpan RetryAfter { get; } = TimeSpan.FromSeconds(15);

    private static string Describe(IReadOnlyDictionary<string, string> labels) =>
        labels.Count == 0 ? "no labels" : string.Join(", ", labels.Where(label => label.Key != ModuleLabels.PackageHash).Select(label => $"{label.Key} {label.Value}"));
}
