namespace Modulets.TestContracts;

/// <summary>A Quartz job contract for the Quartz tests: the host schedules it, the module implements it.</summary>
public interface IScheduledReport : Quartz.IJob
{
}
