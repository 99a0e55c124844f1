using System.Diagnostics;
using System.Reflection;

namespace Modulets.TestUtilities;

/// <summary>
/// A fixture program run as a process of its own (a server of a cross-process test), from its build output named by an
/// <c>AssemblyMetadata</c> of the test assembly: started, ready once it prints a line <c>ready ...</c>; killing it is a
/// crash (SIGKILL), closing its input a clean stop.
/// </summary>
public sealed class FixtureProcess : IDisposable
{
    private readonly Process _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();

    private FixtureProcess(Process process) => _process = process;

    public int Id => _process.Id;

    /// <summary>Gets what the process has written since it was ready (its output and its errors), for a failing test to show.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>Starts the program the test assembly's metadata <paramref name="program"/> names, and waits (a minute at most) until it says it is ready.</summary>
    public static async Task<FixtureProcess> StartAsync(Assembly tests, string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var path = tests.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == program).Value!;
        var start = new ProcessStartInfo("dotnet", [path, .. arguments])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        var started = new FixtureProcess(process);
        process.ErrorDataReceived += (_, e) => started.Keep(e.Data);
        process.BeginErrorReadLine();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(patience.Token) is { } line)
        {
            if (line.StartsWith("ready ", StringComparison.Ordinal))
            {
                _ = Task.Run(async () =>
                {
                    while (await process.StandardOutput.ReadLineAsync() is { } more)
                    {
                        started.Keep(more);
                    }
                });
                return started;
            }
        }

        await process.WaitForExitAsync(patience.Token);
        throw new InvalidOperationException($"{program} ended before it was ready (exit code {process.ExitCode}): {started.Output}");
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    /// <summary>Kills the process with SIGKILL: no shutdown, no requeue, nothing handed back.</summary>
    public void Crash()
    {
        _process.Kill();
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
