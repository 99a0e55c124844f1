namespace Modulets;

/// <summary>Configures a <see cref="ModuletManager"/>: where the modules are, what is isolated, and how versions are retired.</summary>
/// <remarks>
/// The manager reads these values once, when it is created; only <see cref="Isolation"/> stays live
/// (<see cref="ModuletManager.Isolation"/> is the same object).
/// </remarks>
public sealed class ModuletOptions
{
    /// <summary>Gets or sets the folder that holds the module's assemblies (with their PDBs).</summary>
    /// <value>Required. A relative path is relative to the current directory.</value>
    public string ModulesPath { get; set; } = string.Empty;

    /// <summary>Gets the black list and white list that decide which assemblies each version isolates.</summary>
    /// <value>A policy that shares <see cref="IsolationPolicy.DefaultShared"/> and the .NET shared framework.</value>
    public IsolationPolicy Isolation { get; } = new();

    /// <summary>Gets or sets how long an unloaded version may take to be collected before it is reported as <see cref="ModuleVersionState.Leaked"/>.</summary>
    /// <value>30 seconds. Garbage collections are induced before a leak is declared.</value>
    public TimeSpan UnloadTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long disposing the manager waits for cancelled jobs to end.</summary>
    /// <value>30 seconds. Jobs still running after it keep their version alive; they are named in the log.</value>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how many collected versions <see cref="ModuletManager.Versions"/> keeps as records.</summary>
    /// <value>100. Live and leaked versions are always listed.</value>
    public int VersionHistoryLimit { get; set; } = 100;

    /// <summary>Gets or sets the clock for time stamps, unload deadlines and polling.</summary>
    /// <value><see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
