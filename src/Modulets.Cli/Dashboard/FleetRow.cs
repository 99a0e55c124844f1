using Modulets.Control;

namespace Modulets.Cli.Dashboard;

/// <summary>A row of the fleet page: one manager of one server (or a server that could not be read, with the reason).</summary>
/// <param name="Server">The server's index: its dashboard is at <c>servers/{index}/modulets/</c>.</param>
/// <param name="ServerName">How the server was named: <c>pid 4242</c>, a socket path, or a URL.</param>
/// <param name="Manager">The manager's name; <see langword="null"/> when the server could not be read.</param>
/// <param name="Current">The version its new jobs start on.</param>
/// <param name="Problem">Why it has no current version, or why the server could not be read.</param>
/// <param name="ActiveJobs">The jobs running, on any version.</param>
/// <param name="Live">The versions not yet collected.</param>
/// <param name="Draining">The retired versions whose jobs still run.</param>
/// <param name="Leaked">The versions that did not unload.</param>
/// <param name="Skewed">Whether its current version differs from the one most of the manager's servers run.</param>
internal sealed record FleetRow(
    int Server,
    string ServerName,
    string? Manager,
    VersionStatus? Current,
    string? Problem,
    int ActiveJobs,
    int Live,
    int Draining,
    int Leaked,
    bool Skewed);
