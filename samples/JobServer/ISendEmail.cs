namespace JobServer;

/// <summary>The contract the SendEmail module implements: the host's jobs call it, each on its own version.</summary>
public interface ISendEmail
{
    /// <summary>Composes the confirmation email for a recipient.</summary>
    Email Compose(string recipient);
}
