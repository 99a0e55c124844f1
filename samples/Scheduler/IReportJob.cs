using Quartz;

namespace Scheduler;

/// <summary>The contract the host schedules and the Reports module implements: a Quartz job, of a shared (non-module) assembly.</summary>
public interface IReportJob : IJob
{
}
