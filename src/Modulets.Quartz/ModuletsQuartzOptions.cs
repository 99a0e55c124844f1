namespace Modulets.Quartz;

/// <summary>How Quartz.NET jobs run on Modulets code.</summary>
public sealed class ModuletsQuartzOptions
{
    /// <summary>
    /// Gets or sets which job types run on the manager's current version. The default takes interfaces and abstract
    /// classes (not static ones) of assemblies the host loaded (the shared contracts): the module's services say which
    /// class serves them. Every other job is created as Quartz would have.
    /// </summary>
    public Func<Type, bool> IsModuletJob { get; set; } = static type => (type.IsInterface || (type.IsAbstract && !type.IsSealed)) && !type.Assembly.IsCollectible;

    /// <summary>Gets or sets how long a fire waits before it is tried again when the current version has no implementation of its job's contract.</summary>
    /// <value>One minute. The trigger itself goes on by its schedule; the retry is a one-off trigger of the same job.</value>
    public TimeSpan MissingImplementationDelay { get; set; } = TimeSpan.FromMinutes(1);
}
