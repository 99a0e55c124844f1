namespace Modulets;

/// <summary>One name registered with <c>AddModulets</c>, collected by <see cref="ModuletManagerRegistry"/>.</summary>
internal sealed record ModuletManagerName(string Value);
