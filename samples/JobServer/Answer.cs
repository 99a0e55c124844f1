namespace JobServer;

/// <summary>How a confirmation ended.</summary>
public enum Answer
{
    /// <summary>The customer replied.</summary>
    Replied,

    /// <summary>The email bounced, and the bounce found its job (VERP).</summary>
    Bounced,

    /// <summary>No answer in time: the job gave up.</summary>
    GaveUp,
}
