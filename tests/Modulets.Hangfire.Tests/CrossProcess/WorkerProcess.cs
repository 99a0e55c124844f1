using System.Diagnostics;
using System.Reflection;

namespace Modulets.Hangfire.Tests.CrossProcess;

/// <summary>A HangfireWorker server process; killing it is a crash (SIGKILL), closing its input a clean stop.</summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;

    private WorkerProcess(Process process) => _process = process;

    public int Id => _process.Id;

    /// <summary>Starts a worker; <c>polling</c> is how often it polls its feed by itself (500 ms when omitted).</summary>
    public static async Task<WorkerProcess> StartAsync(string name, string feed, string cache, string connection, string runsFile, TimeSpan? polling = null)
    {
        var path = typeof(WorkerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "HangfireWorker").Value!;
        string[] arguments = polling is { } every ? [path, name, feed, cache, connection, ((int)every.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture)] : [path, name, feed, cache, connection];
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["MODULETS_RUNS_FILE"] = runsFile;
        var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(patience.Token) is { } line)
        {
            if (line.StartsWith("ready ", StringComparison.Ordinal))
            {
                _ = process.StandardOutput.ReadToEndAsync();
                return new WorkerProcess(process);
            }
        }

        throw new InvalidOperationException($"Worker {name} ended before it was ready (exit code {process.ExitCode}).");
    }

    public void Crash()
    {
        _process.Kill(); // SIGKILL: no shutdown of Hangfire's server, no requeue
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
