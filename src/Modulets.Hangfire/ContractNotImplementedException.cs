namespace Modulets.Hangfire;

/// <summary>The version a server runs has no implementation of a job's contract: the job is rescheduled, not failed.</summary>
public sealed class ContractNotImplementedException : ModuletException
{
    /// <summary>Creates the exception.</summary>
    public ContractNotImplementedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is missing.</param>
    public ContractNotImplementedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is missing.</param>
    /// <param name="innerException">The cause.</param>
    public ContractNotImplementedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    internal ContractNotImplementedException(Type contract, ModuleVersion version, string manager, TimeSpan retryAfter)
        : base($"Version {version.ShortId} of manager '{manager}' has no implementation of {contract.FullName}: its IModuletStartup registers none. The job is tried again in {retryAfter}, on the version current then; no retry is used up.")
    {
        Contract = contract;
        VersionId = version.Id;
        RetryAfter = retryAfter;
    }

    /// <summary>Gets the contract type that has no implementation.</summary>
    public Type? Contract { get; }

    /// <summary>Gets the full id of the version that lacks it.</summary>
    public string? VersionId { get; }

    /// <summary>Gets how long the job waits before it is tried again (<see cref="ModuletsHangfireOptions.MissingImplementationDelay"/>).</summary>
    public TimeSpan RetryAfter { get; } = TimeSpan.FromMinutes(1);
}
