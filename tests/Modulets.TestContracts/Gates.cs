using System.Collections.Concurrent;

namespace Modulets.TestContracts;

/// <summary>Named gates that module code can wait on and a test opens: a start-up that hangs until the test says so, for one.</summary>
public static class Gates
{
    private static readonly ConcurrentDictionary<string, ManualResetEventSlim> s_gates = new();

    public static ManualResetEventSlim Get(string name) => s_gates.GetOrAdd(name, _ => new ManualResetEventSlim());
}
