using System.Diagnostics;

namespace Modulets.Cli.Servers;

/// <summary>
/// Names the application a local process runs, as an operator knows it: a server started as <c>dotnet JobServer.dll</c>
/// is <c>JobServer</c>, not <c>dotnet</c>. On Linux it reads the process's command line; elsewhere (or when that is
/// unreadable) the process's name stands.
/// </summary>
internal static class LocalApplication
{
    /// <summary>Gets the application's name, or <c>(gone)</c> when the process has exited.</summary>
    public static string NameOf(int processId)
    {
        if (ApplicationFromCommandLine(processId) is { } application)
        {
            return application;
        }

        try
        {
            using var process = Process.GetProcessById(processId);
            return process.ProcessName;
        }
        catch (ArgumentException)
        {
            return "(gone)";
        }
    }

    /// <summary>The first <c>.dll</c> a <c>dotnet</c> host was given (after its own options, such as <c>exec --roll-forward Major</c>), without its extension.</summary>
    private static string? ApplicationFromCommandLine(int processId)
    {
        string[] arguments;
        try
        {
            arguments = File.ReadAllText($"/proc/{processId}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return arguments is [var host, .. var rest] && Path.GetFileNameWithoutExtension(host) == "dotnet"
            && rest.FirstOrDefault(argument => argument.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) is { } entry
            ? Path.GetFileNameWithoutExtension(entry)
            : null;
    }
}
