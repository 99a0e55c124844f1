using Modulets.NuGet;

namespace Modulets.Docs.Snippets;

public static class NuGetFeeds
{
    public static ModuletOptions FollowAFeed()
    {
        #region follow-a-feed
        var options = new ModuletOptions { ModulesPath = "/var/cache/jobs" }   // where installed packages are kept
            .UseNuGetFeed("https://pkgs.example.com/jobs/v3/index.json", "Jobs.Billing", feed =>
            {
                feed.PollingInterval = TimeSpan.FromSeconds(30);   // default
                feed.VersionRange = "[1.0,2.0)";                    // optional: follow 1.x only
            });
        #endregion
        return options;
    }

    public static void TrustAFeed(ModuletOptions options)
    {
        #region trusted-feed
        options.UseNuGetFeed("https://pkgs.example.com/jobs/v3/index.json", "Jobs.Billing", feed =>
        {
            // 1. Credentials: a user and a token (from the environment), or the feed's entry in nuget.config
            feed.Username = "fleet";
            feed.PasswordEnvironmentVariable = "JOBS_FEED_TOKEN";     // or nothing: packageSourceCredentials in nuget.config
            // 2. Only packages signed by a trusted certificate (its SHA-256 fingerprint; author or repository signature)
            feed.RequireSignedPackages = true;
            feed.TrustedSigners.Add("82AF6EEBCB767681793247FD5DF28022063968D64D0A7CD42FCAE5CDE1CBCF76");
            // 3. A pin that is a version and its bytes: the SHA-512 the feed reports for it
            feed.VersionRange = "[1.4.2]";
            feed.PackageHash = "wQ2p...base64...==";
        });
        #endregion
    }
}
