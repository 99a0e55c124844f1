using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Modulets.Cli.Tests;

/// <summary>Runs the console and the JobServer sample as real processes, all with one socket folder of the test's own.</summary>
public sealed class Programs(string socketDirectory)
{
    public string SocketDirectory { get; } = socketDirectory;

    public static string PathOf(string program) =>
        typeof(Programs).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == program).Value!;

    /// <summary>Runs <c>modulets ARGS</c> to its end.</summary>
    public async Task<(int ExitCode, string Output, string Error)> ModuletsAsync(params string[] args)
    {
        using var process = Start("Console", args);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>Starts a program; the caller reads its output and ends it (closing its input ends the fixtures that wait on it).</summary>
    public Process Start(string program, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [PathOf(program), .. args])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.Environment["MODULETS_SOCKET_DIR"] = SocketDirectory;
        start.Environment["DOTNET_NOLOGO"] = "1";
        return Process.Start(start)!;
    }
}
