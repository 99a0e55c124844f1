using NuGet.Frameworks;

namespace Modulets.NuGet;

/// <summary>Makes a NuGet feed the source of a manager's versions.</summary>
public static class ModuletOptionsNuGetExtensions
{
    /// <summary>
    /// Follows a package on a NuGet feed: the newest version (stable, within <see cref="NuGetFeedOptions.VersionRange"/>)
    /// is installed, with its dependencies, into <see cref="ModuletOptions.ModulesPath"/> and becomes current; running
    /// jobs keep the version they started on. Every server that follows the same feed gets the same update.
    /// </summary>
    /// <param name="options">The manager's options; <see cref="ModuletOptions.ModulesPath"/> becomes the package cache, which survives restarts.</param>
    /// <param name="source">A NuGet v3 service index URL or a local folder feed.</param>
    /// <param name="packageId">The id of the package that holds the module.</param>
    /// <param name="configure">Sets the polling interval, a version range, prereleases or dependency feeds.</param>
    /// <returns><paramref name="options"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The source or package id is empty, or the version range, target framework or intervals are invalid.</exception>
    public static ModuletOptions UseNuGetFeed(this ModuletOptions options, string source, string packageId, Action<NuGetFeedOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(packageId);

        var feed = new NuGetFeedOptions { Source = source, PackageId = packageId };
        configure?.Invoke(feed);
        if (string.IsNullOrWhiteSpace(feed.Source) || string.IsNullOrWhiteSpace(feed.PackageId))
        {
            throw new ArgumentException($"{nameof(NuGetFeedOptions.Source)} and {nameof(NuGetFeedOptions.PackageId)} are required.", nameof(configure));
        }

        if (feed.VersionRange is not null && !global::NuGet.Versioning.VersionRange.TryParse(feed.VersionRange, out _))
        {
            throw new ArgumentException($"'{feed.VersionRange}' is not a NuGet version range (examples: '[1.4.2]', '[1.0,2.0)', '1.0').", nameof(configure));
        }

        if (NuGetFramework.Parse(feed.TargetFramework).IsUnsupported)
        {
            throw new ArgumentException($"'{feed.TargetFramework}' is not a target framework (example: 'net10.0').", nameof(configure));
        }

        if (feed.PollingInterval <= TimeSpan.Zero || feed.MaxRetryInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(NuGetFeedOptions.PollingInterval)} and {nameof(NuGetFeedOptions.MaxRetryInterval)} must be positive.", nameof(configure));
        }

        options.Source = new NuGetFeedSource(feed);
        return options;
    }
}
