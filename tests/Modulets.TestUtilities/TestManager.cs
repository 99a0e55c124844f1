using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Modulets.TestUtilities;

/// <summary>A <see cref="ModuletManager"/> over a test folder, logging through real Microsoft.Extensions.Logging into a collector the test can read.</summary>
public sealed class TestManager : IDisposable
{
    private readonly ILoggerFactory _loggerFactory;

    public TestManager(string modulesPath, Action<ModuletOptions>? configure = null)
    {
        // Tests read the folder when they say so (Refresh) unless they opt into automatic pickup.
        Options = new ModuletOptions { ModulesPath = modulesPath, UnloadTimeout = TimeSpan.FromSeconds(10), UpdateDetection = UpdateDetection.Manual };
        configure?.Invoke(Options);
        _loggerFactory = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Debug)
            .AddProvider(new FakeLoggerProvider(Logs)));
        Manager = new ModuletManager(Options, _loggerFactory);
    }

    public ModuletOptions Options { get; }

    public ModuletManager Manager { get; }

    public FakeLogCollector Logs { get; } = new();

    /// <summary>Gets the logged records with the given event id.</summary>
    public IReadOnlyList<FakeLogRecord> Events(int eventId) => [.. Logs.GetSnapshot().Where(record => record.Id.Id == eventId)];

    public void Dispose()
    {
        Manager.Dispose();
        _loggerFactory.Dispose();
    }
}
