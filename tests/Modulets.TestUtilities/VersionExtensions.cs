namespace Modulets.TestUtilities;

public static class VersionExtensions
{
    /// <summary>Waits until a closed version has been unloaded, which the manager does in the background: its state is Unloading, or already Collected.</summary>
    public static Task UnloadedAsync(this ModuleVersion version) =>
        Eventually.TrueAsync(() => version.State is ModuleVersionState.Unloading or ModuleVersionState.Collected, $"version {version.ShortId} to unload");
}
