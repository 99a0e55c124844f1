using Microsoft.Extensions.DependencyInjection;
using Modulets;
using Modulets.Quartz;

namespace Quartz;

/// <summary>Runs Quartz.NET jobs on Modulets code.</summary>
public static class ModuletsQuartzExtensions
{
    /// <summary>
    /// Makes the scheduler fire contract jobs on the current version of the manager <c>AddModulets</c> registered under
    /// <paramref name="managerName"/>: a job's type is a contract (an interface or abstract class of a shared assembly
    /// that extends <see cref="IJob"/>), the version's services provide its implementation, and each fire runs inside a
    /// <see cref="ModuletJob"/> that holds the version until it returns. Every other job is created as Quartz would have.
    /// </summary>
    /// <param name="quartz">The scheduler's configuration (<c>services.AddQuartz(q => q.UseModulets())</c>).</param>
    /// <param name="managerName">The manager's name; <c>default</c> when omitted.</param>
    /// <param name="configure">Which job types are Modulets jobs, and how long a fire waits for a version that implements its contract.</param>
    /// <returns>The configuration, for chaining.</returns>
    public static IQuartzBuilder UseModulets(this IQuartzBuilder quartz, string managerName = ModuletManagerRegistry.DefaultName, Action<ModuletsQuartzOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(quartz);
        ArgumentException.ThrowIfNullOrEmpty(managerName);
        var options = new ModuletsQuartzOptions();
        configure?.Invoke(options);
        quartz.Services.AddSingleton(new ModuletsQuartzSettings(managerName, options));
        return quartz.UseJobFactory<ModuletsJobFactory>();
    }
}
