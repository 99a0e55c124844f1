namespace MagicNumber;

/// <summary>
/// The contract between this host and the module. It lives in the host's assembly, which the modules folder does not
/// hold, so every version of the module resolves it from the host: the type is the same on both sides.
/// </summary>
public interface IMagic
{
    int GetMagic();
}
