namespace Modulets;

/// <summary>When a supervised child is restarted, as OTP's child restart types say.</summary>
public enum ChildRestart
{
    /// <summary>OTP's <c>permanent</c>: restarted whenever it ends, normally or not.</summary>
    Permanent,

    /// <summary>OTP's <c>transient</c>: restarted only when it fails (an exception other than its cancellation).</summary>
    Transient,

    /// <summary>OTP's <c>temporary</c>: never restarted; its failure does not count against the supervisor.</summary>
    Temporary,
}
