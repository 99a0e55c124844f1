namespace Modulets.Cli;

/// <summary>The command line cannot be carried out as given (exit code 2).</summary>
internal sealed class UsageException(string message) : Exception(message);
