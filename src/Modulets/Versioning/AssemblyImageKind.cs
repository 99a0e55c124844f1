namespace Modulets;

/// <summary>What a <c>.dll</c> file of the modules folder turned out to be.</summary>
internal enum AssemblyImageKind
{
    /// <summary>A complete .NET assembly with readable metadata.</summary>
    Managed,

    /// <summary>A complete PE image without .NET metadata: a native library.</summary>
    Native,

    /// <summary>Truncated, corrupt, or not a PE image at all.</summary>
    Invalid,
}
