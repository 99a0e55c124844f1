using System.Collections.Concurrent;

namespace Modulets.TestContracts;

/// <summary>A host object modules write to, so a test can see what their code did (a service disposed, say).</summary>
public sealed class Witness
{
    public ConcurrentQueue<string> Events { get; } = new();
}
