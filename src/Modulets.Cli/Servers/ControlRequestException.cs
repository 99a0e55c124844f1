namespace Modulets.Cli;

/// <summary>A server refused a request or could not be reached; the message says which and why.</summary>
internal sealed class ControlRequestException(string message, Exception? innerException = null) : Exception(message, innerException);
