namespace Modulets.Hangfire;

/// <summary>How Hangfire jobs run on Modulets code.</summary>
public sealed class ModuletsHangfireOptions
{
    /// <summary>
    /// Gets or sets which job types run on the manager's current version. The default takes interfaces and abstract
    /// classes (not static ones) of assemblies the host loaded (the shared contracts): the module's services say which class serves them.
    /// Every other job is activated as Hangfire would have.
    /// </summary>
    public Func<Type, bool> IsModuletJob { get; set; } = static type => (type.IsInterface || (type.IsAbstract && !type.IsSealed)) && !type.Assembly.IsCollectible;

    /// <summary>Gets or sets how long a job waits before it is tried again when the current version has no implementation of its contract (no retry is used up).</summary>
    /// <value>One minute.</value>
    public TimeSpan MissingImplementationDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Gets or sets how long a job waits before it is tried again when the code that enqueued it is newer than every
    /// version this server serves, even after a fresh look at its source (no retry is used up).
    /// </summary>
    /// <value>15 seconds: about the time a fleet takes to follow a feed.</value>
    public TimeSpan NewerCodeDelay { get; set; } = TimeSpan.FromSeconds(15);
}
