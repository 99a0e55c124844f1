using Microsoft.Extensions.Logging;
using Modulets.Diagnostics;

namespace Modulets.Docs.Snippets;

public static class Leaks
{
    public static void ExplainLeaks(ModuletManager manager, ILogger logger)
    {
        #region explain-leaks
        manager.VersionStateChanged += (_, e) =>
        {
            if (e.State == ModuleVersionState.Leaked)
            {
                _ = ExplainAsync(e.Version);
            }
        };

        async Task ExplainAsync(ModuleVersion version)
        {
            try
            {
                var explanation = await version.ExplainLeakAsync();   // a snapshot of this very process
                logger.LogWarning("{Explanation}", explanation);       // the text 'modulets why' prints
            }
            catch (HeapSnapshotException e)
            {
                logger.LogWarning(e, "No heap snapshot of version {Version}", version.ShortId);
            }
        }
        #endregion
    }
}
