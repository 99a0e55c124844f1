using System.Diagnostics;

namespace Modulets.TestUtilities;

/// <summary>
/// Makes sure a tool the tests drive (a browser, a database server) is installed, so that <c>dotnet test</c> passes on
/// a fresh machine with nothing but the .NET SDK: on Debian (or Ubuntu) as root, the missing Debian packages are
/// installed with apt-get, once per machine; anywhere else the test fails with the command that installs them.
/// </summary>
public static class SystemPackages
{
    private static readonly Lock s_gate = new();

    /// <summary>Installs <paramref name="packages"/> unless <paramref name="installed"/> already holds.</summary>
    /// <param name="what">What needs them, for the message: "the dashboard tests' browser".</param>
    /// <param name="installed">Whether the tool is already there.</param>
    /// <param name="packages">The Debian packages that provide it.</param>
    /// <exception cref="InvalidOperationException">The packages are missing and cannot be installed here; the message says how to install them.</exception>
    public static void Ensure(string what, Func<bool> installed, params string[] packages)
    {
        lock (s_gate)
        {
            if (installed())
            {
                return;
            }

            var command = $"apt-get install -y {string.Join(' ', packages)}";
            if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/apt-get"))
            {
                throw new InvalidOperationException($"{what} needs the Debian packages {string.Join(", ", packages)}, and this machine has no apt-get: install the equivalent, or run the tests on Debian or Ubuntu ({command}).");
            }

            if (!IsRoot())
            {
                throw new InvalidOperationException($"{what} needs the Debian packages {string.Join(", ", packages)}, which only root can install: run 'sudo {command}' once, or run the tests as root.");
            }

            // Other test processes may be installing at the same moment: apt-get waits for dpkg's lock rather than failing.
            Run("apt-get", "-q", "-o", "DPkg::Lock::Timeout=600", "update");
            Run("apt-get", ["-q", "-y", "-o", "DPkg::Lock::Timeout=600", "install", .. packages]);
            if (!installed())
            {
                throw new InvalidOperationException($"apt-get installed {string.Join(", ", packages)}, but {what} still cannot find what it needs.");
            }
        }
    }

    /// <summary>Gets whether the tests run as root (by the effective user id of this process).</summary>
    public static bool IsRoot() =>
        File.ReadLines("/proc/self/status").First(line => line.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t')[2] == "0";

    private static void Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} took more than 15 minutes.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({process.ExitCode}), so the packages could not be installed (is a package source reachable?): {error.Result}{output.Result}");
        }
    }
}
