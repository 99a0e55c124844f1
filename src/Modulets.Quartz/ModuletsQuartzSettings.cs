namespace Modulets.Quartz;

/// <summary>What <c>UseModulets</c> was told: the manager's name and the options, for the job factory Quartz builds.</summary>
internal sealed record ModuletsQuartzSettings(string ManagerName, ModuletsQuartzOptions Options);
