using NuGet.Common;

namespace Modulets.NuGet;

/// <summary>Passes the NuGet client's own messages to the manager's logger, at debug level: Modulets reports what matters itself.</summary>
internal sealed class NuGetLogger(Microsoft.Extensions.Logging.ILogger logger) : LoggerBase
{
    public override void Log(ILogMessage message) => NuGet.Log.NuGetClientMessage(logger, message.Message);

    public override Task LogAsync(ILogMessage message)
    {
        Log(message);
        return Task.CompletedTask;
    }
}
