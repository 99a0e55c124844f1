namespace Modulets;

/// <summary>What a <see cref="Supervisor"/> restarts when one of its children has to be restarted, as OTP's supervisor strategies say.</summary>
public enum SupervisionStrategy
{
    /// <summary>OTP's <c>one_for_one</c>: only the child that ended is restarted.</summary>
    OneForOne,

    /// <summary>OTP's <c>one_for_all</c>: every other child is stopped, and all are restarted, in the order they were started.</summary>
    OneForAll,

    /// <summary>OTP's <c>rest_for_one</c>: the children started after the one that ended are stopped, and it and they are restarted, in order.</summary>
    RestForOne,
}
