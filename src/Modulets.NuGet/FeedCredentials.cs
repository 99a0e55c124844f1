using NuGet.Configuration;

namespace Modulets.NuGet;

/// <summary>
/// Finds the credentials of a feed the NuGet way: those given in the options (the password from an environment
/// variable, preferably), else the feed's <c>packageSourceCredentials</c> in <c>nuget.config</c>. The secret stays in
/// the <see cref="PackageSource"/>; nothing here logs or prints it.
/// </summary>
internal static class FeedCredentials
{
    public static PackageSource CreateSource(string source, NuGetFeedOptions options)
    {
        var configured = FromNuGetConfig(source, options.NuGetConfigPath);
        var packageSource = new PackageSource(Normalize(configured?.Source ?? source), configured?.Name ?? source);
        var password = options.Password ?? (options.PasswordEnvironmentVariable is { } variable ? Environment.GetEnvironmentVariable(variable) : null);
        if (options.Username is { } username && password is not null && source == options.Source)
        {
            packageSource.Credentials = new PackageSourceCredential(packageSource.Name, username, password, isPasswordClearText: true, validAuthenticationTypesText: null);
        }
        else if (configured?.Credentials is { } credentials)
        {
            packageSource.Credentials = credentials;
        }

        return packageSource;
    }

    /// <summary>Makes a local feed's path absolute: NuGet takes a relative one for a URL.</summary>
    public static string Normalize(string source) =>
        Uri.TryCreate(source, UriKind.Absolute, out var uri) && !uri.IsFile ? source : Path.GetFullPath(uri?.LocalPath ?? source);

    private static PackageSource? FromNuGetConfig(string source, string? configPath)
    {
        try
        {
            var settings = configPath is null
                ? Settings.LoadDefaultSettings(Directory.GetCurrentDirectory())
                : Settings.LoadSpecificSettings(Path.GetDirectoryName(Path.GetFullPath(configPath))!, Path.GetFileName(configPath));
            return new PackageSourceProvider(settings).LoadPackageSources()
                .FirstOrDefault(entry => string.Equals(entry.Source.TrimEnd('/'), source.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)
                    || string.Equals(entry.Name, source, StringComparison.OrdinalIgnoreCase));
        }
        catch (NuGetConfigurationException)
        {
            return null; // a broken nuget.config is NuGet's to report; the feed is tried without its credentials
        }
    }
}
