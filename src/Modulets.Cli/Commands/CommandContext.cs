using System.CommandLine;
using Modulets.Control;

namespace Modulets.Cli;

/// <summary>What a command needs from the command line: the servers it talks to, the manager, and how to write.</summary>
internal sealed class CommandContext : IDisposable
{
    private readonly ParseResult _parse;

    private CommandContext(ParseResult parse, IReadOnlyList<ControlServer> servers, bool explicitServers, string? manager, Output output)
    {
        _parse = parse;
        Servers = servers;
        ExplicitServers = explicitServers;
        ManagerName = manager;
        Output = output;
    }

    public IReadOnlyList<ControlServer> Servers { get; }

    /// <summary>Gets whether the servers were named with <c>--server</c> (rather than found locally).</summary>
    public bool ExplicitServers { get; }

    public string? ManagerName { get; }

    public Output Output { get; }

    public static CommandContext From(ParseResult parse)
    {
        var targets = parse.GetValue(GlobalOptions.Server) ?? [];
        var token = parse.GetValue(GlobalOptions.Token) ?? Environment.GetEnvironmentVariable("MODULETS_TOKEN");
        var servers = targets.Length > 0
            ? targets.Select(target => ControlServer.Open(target, token)).ToList()
            : ControlSocketPaths.Find().Select(socket => ControlServer.OverSocket($"pid {socket.ProcessId}", socket.Path)).ToList();
        if (servers.Count == 0)
        {
            throw new UsageException($"No local process has a control socket in {ControlSocketPaths.DefaultDirectory} (a host calls services.AddModuletsControlSocket()); name a server with --server.");
        }

        return new CommandContext(parse, servers, targets.Length > 0, parse.GetValue(GlobalOptions.Manager), new Output(parse.GetValue(GlobalOptions.Json)));
    }

    /// <summary>Gets a command's argument.</summary>
    public T Argument<T>(Argument<T> argument) => _parse.GetRequiredValue(argument);

    /// <summary>Gets a command's option.</summary>
    public T? Option<T>(Option<T> option) => _parse.GetValue(option);

    /// <summary>Gets the one server a change goes to, unless several were named on purpose.</summary>
    public IReadOnlyList<ControlServer> TargetsOfAChange()
    {
        if (Servers.Count > 1 && !ExplicitServers)
        {
            throw new UsageException($"{Servers.Count} local processes have a control socket ({string.Join(", ", Servers.Select(s => s.Name))}); say which with --server (repeat it to change several).");
        }

        return Servers;
    }

    /// <summary>Picks the manager to act on: the one named, else the server's only one, else <c>default</c>.</summary>
    public async Task<string> ResolveManagerAsync(ControlServer server, CancellationToken cancellationToken)
    {
        if (ManagerName is { } named)
        {
            return named;
        }

        var names = (await server.GetManagersAsync(cancellationToken).ConfigureAwait(false)).Select(m => m.Name).ToList();
        return names switch
        {
            [var only] => only,
            _ when names.Contains(ModuletManagerRegistry.DefaultName) => ModuletManagerRegistry.DefaultName,
            _ => throw new UsageException($"{server.Name} has the managers {string.Join(", ", names)}; say which with --manager."),
        };
    }

    public void Dispose()
    {
        foreach (var server in Servers)
        {
            server.Dispose();
        }
    }
}
