using System.Diagnostics;

namespace Modulets.TestUtilities;

/// <summary>
/// A PostgreSQL cluster of the test's own: initdb and pg_ctl (as the postgres user when the tests run as root) in a
/// temporary folder, listening on a Unix socket there and on no TCP address; stopped and deleted when disposed. The
/// cross-process tests and the fleet rehearsal (bench/) run on one.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("modulets-pg-").FullName;

    private PostgresCluster()
    {
    }

    public string ConnectionString => $"Host={_root};Username=postgres;Database=postgres;Timeout=30";

    private string Data => Path.Combine(_root, "data");

    /// <summary>Starts a cluster, installing PostgreSQL's Debian package first when it is missing.</summary>
    public static async Task<PostgresCluster> StartAsync()
    {
        var cluster = new PostgresCluster();
        await cluster.InitializeAsync();
        return cluster;
    }

    private async Task InitializeAsync()
    {
        SystemPackages.Ensure("The cross-process Hangfire tests' PostgreSQL server", static () => FindBinary("initdb") is not null, "postgresql");
        if (SystemPackages.IsRoot())
        {
            await RunAsync("chown", "postgres:", _root);
        }

        await RunPostgresAsync("initdb", "-D", Data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync");
        await RunPostgresAsync("pg_ctl", "-D", Data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60",
            "-o", $"-k {_root} -c listen_addresses='' -c fsync=off -c max_connections=200", "start");
    }

    public async ValueTask DisposeAsync()
    {
        await RunPostgresAsync("pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop");
        Directory.Delete(_root, recursive: true);
    }

    private static string? FindBinary(string name) =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.EnumerateDirectories("/usr/lib/postgresql").Select(version => Path.Combine(version, "bin", name)).Where(File.Exists).Order().LastOrDefault()
            : null;

    private static string Binary(string name) =>
        FindBinary(name) ?? throw new InvalidOperationException($"PostgreSQL's {name} is not under /usr/lib/postgresql.");

    private static Task RunPostgresAsync(string tool, params string[] args) =>
        SystemPackages.IsRoot() ? RunAsync("runuser", ["-u", "postgres", "--", Binary(tool), .. args]) : RunAsync(Binary(tool), args);

    private static async Task RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/tmp" };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {await output}{await error}");
        }
    }
}
