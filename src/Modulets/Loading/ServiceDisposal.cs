using Microsoft.Extensions.Logging;

namespace Modulets;

/// <summary>Disposes a module's service provider or scope without letting its failures escape: module code must never break unloading.</summary>
internal static class ServiceDisposal
{
    public static void Dispose(object? services, ILogger logger, string versionId)
    {
        try
        {
            switch (services)
            {
                case IAsyncDisposable asyncDisposable:
                    // Completes synchronously unless a service is only asynchronously disposable.
                    asyncDisposable.DisposeAsync().AsTask().GetAwaiter().GetResult();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
        catch (Exception e)
        {
            Log.ServiceDisposalFailed(logger, e, versionId);
        }
    }
}
