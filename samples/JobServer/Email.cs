namespace JobServer;

/// <summary>An email as the module composes it; <see cref="ReturnPath"/> is where a bounce goes.</summary>
/// <param name="To">The recipient.</param>
/// <param name="ReturnPath">The envelope sender: where the recipient's server sends a bounce.</param>
/// <param name="Subject">The subject.</param>
public sealed record Email(string To, string ReturnPath, string Subject);
