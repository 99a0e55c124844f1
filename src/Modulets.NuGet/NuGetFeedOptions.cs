namespace Modulets.NuGet;

/// <summary>Configures how a <see cref="NuGetFeedSource"/> follows a package on a feed.</summary>
public sealed class NuGetFeedOptions
{
    /// <summary>Gets or sets the feed: a NuGet v3 service index URL (<c>https://…/v3/index.json</c>) or a local folder feed.</summary>
    /// <value>Required.</value>
    public string Source { get; set; } = string.Empty;

    /// <summary>Gets or sets the id of the package that holds the module.</summary>
    /// <value>Required.</value>
    public string PackageId { get; set; } = string.Empty;

    /// <summary>Gets or sets how often the feed is asked for a newer version.</summary>
    /// <value>30 seconds.</value>
    public TimeSpan PollingInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the longest wait between retries while the feed is unreachable or a version cannot be installed; retries back off from <see cref="PollingInterval"/> to it.</summary>
    /// <value>5 minutes.</value>
    public TimeSpan MaxRetryInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets whether prerelease versions (<c>1.2.0-beta</c>) may be installed.</summary>
    /// <value><see langword="false"/>: stable versions only.</value>
    public bool IncludePrerelease { get; set; }

    /// <summary>Gets or sets the versions that may be installed, in NuGet's range syntax: <c>[1.4.2]</c> pins (and rolls back to) one version, <c>[1.0,2.0)</c> follows 1.x.</summary>
    /// <value><see langword="null"/>: any version; the newest is installed.</value>
    public string? VersionRange { get; set; }

    /// <summary>Gets the further feeds (<c>https://api.nuget.org/v3/index.json</c>, say) where the package's dependencies are looked for after <see cref="Source"/>.</summary>
    public IList<string> DependencySources { get; } = [];

    /// <summary>Gets or sets the target framework whose <c>lib/</c> assets are installed.</summary>
    /// <value>The framework the process runs on, such as <c>net10.0</c>.</value>
    public string TargetFramework { get; set; } = $"net{Environment.Version.Major}.{Environment.Version.Minor}";

    /// <summary>Gets or sets the user name for a feed that needs credentials (Azure Artifacts and GitHub Packages take any name with a token as the password).</summary>
    /// <value><see langword="null"/>: the credentials of the feed's entry in <c>nuget.config</c>, if any.</value>
    public string? Username { get; set; }

    /// <summary>Gets or sets the password or token for <see cref="Username"/>. Prefer <see cref="PasswordEnvironmentVariable"/>, which keeps it out of configuration files.</summary>
    public string? Password { get; set; }

    /// <summary>Gets or sets the environment variable that holds the password or token for <see cref="Username"/>, read when the source starts.</summary>
    public string? PasswordEnvironmentVariable { get; set; }

    /// <summary>Gets or sets the <c>nuget.config</c> whose <c>packageSourceCredentials</c> apply (the feed is matched by URL or by its name there).</summary>
    /// <value><see langword="null"/>: the usual chain, from the current folder up, then the user's and the machine's files.</value>
    public string? NuGetConfigPath { get; set; }

    /// <summary>Gets or sets whether only signed packages whose author or repository certificate is in <see cref="TrustedSigners"/> are installed (NuGet's <c>signatureValidationMode=require</c> with <c>trustedSigners</c>).</summary>
    /// <value><see langword="false"/>.</value>
    public bool RequireSignedPackages { get; set; }

    /// <summary>Gets the SHA-256 fingerprints (hex) of the certificates whose signatures are trusted: an author's code-signing certificate, or a repository's.</summary>
    public IList<string> TrustedSigners { get; } = [];

    /// <summary>
    /// Gets or sets the SHA-512 hash (base64, as a feed reports it in <c>packageHash</c>, or <c>dotnet nuget verify</c>
    /// prints it) that the module package must have. With <see cref="VersionRange"/> pinned to one version
    /// (<c>[1.4.2]</c>), the fleet can never be handed other bytes under that number.
    /// </summary>
    public string? PackageHash { get; set; }
}
