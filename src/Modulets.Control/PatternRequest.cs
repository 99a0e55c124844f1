namespace Modulets.Control;

/// <summary>The body of a request that adds a pattern to an isolation list.</summary>
/// <param name="Pattern">A simple assembly name, or a pattern with <c>*</c> wildcards.</param>
public sealed record PatternRequest(string? Pattern);
