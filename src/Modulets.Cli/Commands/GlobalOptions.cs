using System.CommandLine;

namespace Modulets.Cli;

/// <summary>The options every command takes.</summary>
internal static class GlobalOptions
{
    public static Option<string[]> Server { get; } = new("--server", "-s")
    {
        Description = "A process id, a control socket path, or an https URL of a host's API prefix (https://host/modulets); repeat it for a fleet view. Default: every local process with a control socket.",
        Recursive = true,
    };

    public static Option<string?> Manager { get; } = new("--manager", "-m")
    {
        Description = "The manager to act on when a host has several (default: its only one, or 'default').",
        Recursive = true,
    };

    public static Option<string?> Token { get; } = new("--token")
    {
        Description = "The bearer token for https servers (default: $MODULETS_TOKEN).",
        Recursive = true,
    };

    public static Option<bool> Json { get; } = new("--json")
    {
        Description = "Write JSON (camelCase, as the control API does) instead of tables, for scripts.",
        Recursive = true,
    };

    public static void AddTo(RootCommand root)
    {
        root.Add(Server);
        root.Add(Manager);
        root.Add(Token);
        root.Add(Json);
    }
}
