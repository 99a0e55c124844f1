namespace Modulets.NuGet.Tests.PrivateFeeds;

/// <summary>A private feed behind a password, served over loopback by a real HTTP server, with packages signed at test time.</summary>
public sealed class PrivateFeedTests : IAsyncLifetime
{
    private const string User = "fleet";
    private const string Password = "s3cret-Pa55-word";
    private readonly string _root = Directory.CreateTempSubdirectory("modulets-private-feed-").FullName;
    private readonly ModulesFolder _cache = ModulesFolder.Create();
    private AuthenticatedFeed _feed = null!;
    private TestSigner _trusted = null!;
    private TestSigner _stranger = null!;

    private string Published => Directory.CreateDirectory(Path.Combine(_root, "feed")).FullName;

    private string Workshop => Directory.CreateDirectory(Path.Combine(_root, "workshop")).FullName;

    public async Task InitializeAsync()
    {
        _feed = await AuthenticatedFeed.StartAsync(Published, User, Password);
        _trusted = TestSigner.Create(Workshop, "Modulets Test Publisher");
        _stranger = TestSigner.Create(Workshop, "Someone Else");
    }

    public async Task DisposeAsync()
    {
        await _feed.DisposeAsync();
        _cache.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task AHost_FollowsAPasswordProtectedFeed_InstallingOnlyPackagesSignedByTheTrustedCertificate()
    {
        await PublishAsync("1.0.0", 1000, sign: _trusted);
        Environment.SetEnvironmentVariable("MODULETS_TEST_FEED_PASSWORD", Password);
        using var test = Follow(feed =>
        {
            feed.Username = User;
            feed.PasswordEnvironmentVariable = "MODULETS_TEST_FEED_PASSWORD";
            feed.RequireSignedPackages = true;
            feed.TrustedSigners.Add(_trusted.Fingerprint);
        });

        var first = await test.Manager.RefreshAsync();
        first.Labels[ModuleLabels.PackageVersion].Should().Be("1.0.0");
        (await test.Manager.StartMagicJob().Magic).Should().Be(1000);

        // An unsigned package, one signed by someone else, one tampered with after signing: none is installed.
        await PublishAsync("1.1.0", 1100, sign: null);
        var afterUnsigned = await test.Manager.RefreshAsync();
        afterUnsigned.Should().BeSameAs(first, string.Join(Environment.NewLine, test.Logs.GetSnapshot().Select(r => $"{r.Id.Id} {r.Message}")));
        await PublishAsync("1.2.0", 1200, sign: _stranger);
        (await test.Manager.RefreshAsync()).Should().BeSameAs(first);
        var tampered = await PublishAsync("1.3.0", 1300, sign: _trusted);
        TestSigner.Tamper(tampered, 6666);
        (await test.Manager.RefreshAsync()).Should().BeSameAs(first);
        (await test.Manager.StartMagicJob().Magic).Should().Be(1000);

        var rejections = test.Events(105).Select(r => r.Message).ToList();
        rejections.Should().Contain(m => m.Contains("Private.Magic 1.3.0", StringComparison.Ordinal) && m.Contains("NU3008", StringComparison.Ordinal), "tampered content fails the integrity check");
        File.Delete(tampered);
        (await test.Manager.RefreshAsync()).Should().BeSameAs(first);
        File.Delete(Path.Combine(Published, $"{TestSigner.PackageId}.1.2.0.nupkg"));
        (await test.Manager.RefreshAsync()).Should().BeSameAs(first);
        File.Delete(Path.Combine(Published, $"{TestSigner.PackageId}.1.1.0.nupkg"));

        rejections = [.. test.Events(105).Select(r => r.Message)];
        rejections.Should().Contain(m => m.Contains("Private.Magic 1.1.0", StringComparison.Ordinal) && m.Contains("not signed", StringComparison.Ordinal));
        rejections.Should().Contain(m => m.Contains("Private.Magic 1.2.0", StringComparison.Ordinal) && m.Contains("not a trusted signer", StringComparison.Ordinal));
        await PublishAsync("1.4.0", 1400, sign: _trusted);
        (await test.Manager.RefreshAsync()).Labels[ModuleLabels.PackageVersion].Should().Be("1.4.0");
        (await test.Manager.StartMagicJob().Magic).Should().Be(1400);
        NoSecretIn(test);
    }

    [Fact]
    public async Task AWrongPasswordInNuGetConfig_IsLoggedOnceWithTheStatus_AndRecoveredFromWhenFixed()
    {
        await PublishAsync("1.0.0", 1000, sign: null);
        var config = Path.Combine(_root, "nuget.config");
        WriteNuGetConfig(config, "wrong-password");
        using var test = Follow(feed => feed.NuGetConfigPath = config);

        for (var i = 0; i < 3; i++)
        {
            await test.Manager.Invoking(m => m.RefreshAsync()).Should().ThrowAsync<ModuleLoadException>().WithMessage("*refused the credentials (401 Unauthorized)*");
        }

        test.Events(108).Should().ContainSingle().Which.Message.Should().Contain(_feed.ServiceIndex).And.Contain("401");
        WriteNuGetConfig(config, Password);
        (await test.Manager.RefreshAsync()).Labels[ModuleLabels.PackageVersion].Should().Be("1.0.0");
        test.Events(104).Should().ContainSingle("the feed is reachable again");
        NoSecretIn(test, "wrong-password");
    }

    [Fact]
    public async Task APinnedHash_LetsOnlyThoseBytesIn_AndTheVersionCarriesTheHash()
    {
        var package = await PublishAsync("1.0.0", 1000, sign: null);
        var hash = Convert.ToBase64String(System.Security.Cryptography.SHA512.HashData(File.ReadAllBytes(package)));
        using (var wrong = Follow(feed => Credentials(feed, pin: Convert.ToBase64String(new byte[64]))))
        {
            await wrong.Manager.Invoking(m => m.RefreshAsync()).Should().ThrowAsync<ModuleLoadException>();
            wrong.Events(105).Should().ContainSingle().Which.Message.Should().Contain("Private.Magic 1.0.0").And.Contain("not the pinned");
        }

        using var right = Follow(feed => Credentials(feed, pin: hash));
        var version = await right.Manager.RefreshAsync();

        version.Labels.Should().Contain(ModuleLabels.PackageHash, hash).And.Contain(ModuleLabels.PackageVersion, "1.0.0");
    }

    private static void Credentials(NuGetFeedOptions feed, string pin)
    {
        feed.Username = User;
        feed.Password = Password;
        feed.VersionRange = "[1.0.0]";
        feed.PackageHash = pin;
    }

    private void WriteNuGetConfig(string path, string password) => File.WriteAllText(path, $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="private" value="{_feed.ServiceIndex}" />
          </packageSources>
          <packageSourceCredentials>
            <private>
              <add key="Username" value="{User}" />
              <add key="ClearTextPassword" value="{password}" />
            </private>
          </packageSourceCredentials>
        </configuration>
        """);

    private static void NoSecretIn(TestManager test, params string[] others)
    {
        foreach (var record in test.Logs.GetSnapshot())
        {
            foreach (var secret in others.Append(Password))
            {
                record.Message.Should().NotContain(secret);
                (record.Exception?.ToString() ?? string.Empty).Should().NotContain(secret);
            }
        }
    }

    private async Task<string> PublishAsync(string version, int magic, TestSigner? sign)
    {
        var package = TestSigner.Build(Workshop, version, magic);
        if (sign is not null)
        {
            await sign.SignAsync(package);
        }

        var published = Path.Combine(Published, Path.GetFileName(package));
        File.Move(package, published, overwrite: true);
        return published;
    }

    private TestManager Follow(Action<NuGetFeedOptions> configure) =>
        new(_cache.Path, options => options.UseNuGetFeed(_feed.ServiceIndex, TestSigner.PackageId, feed =>
        {
            feed.PollingInterval = TimeSpan.FromHours(1);
            configure(feed);
        }));
}
