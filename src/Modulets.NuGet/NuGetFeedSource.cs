using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NuGet.Frameworks;
using NuGet.Packaging.Core;
using NuGet.Protocol;
using NuGet.Protocol.Core.Types;
using NuGet.Versioning;

namespace Modulets.NuGet;

/// <summary>
/// Versions from a package on a NuGet feed. The source polls the feed, installs the newest allowed version with its
/// dependencies into a content-addressed cache under <see cref="ModuletOptions.ModulesPath"/>, and only then reports
/// the change, so the manager never sees a half-installed package. A restarted server starts from the cache, without
/// the feed. Problems are logged once (an outage, a bad version) and retried with back-off; the current version stays.
/// </summary>
public sealed class NuGetFeedSource : ModuleSource
{
    private readonly NuGetFeedOptions _options;
    private readonly VersionRange? _range;
    private readonly SemaphoreSlim _checking = new(1, 1);
    private readonly RepeatedProblemFilter _problems = new();
    private ModuleSourceContext? _context;
    private PackageCache? _cache;
    private PackageInstaller? _installer;
    private IReadOnlyList<SourceRepository> _repositories = [];
    private Microsoft.Extensions.Logging.ILogger _logger = NullLogger.Instance;
    private readonly PackageTrust _trust;
    private volatile InstalledPackage? _installed;
    private string? _lastProblem;
    private bool _unreachable;
    private bool _refused;
    private bool _reconnect;
    private int _failures;

    /// <summary>Creates a source that follows a package; <c>options.UseNuGetFeed(...)</c> is the usual way to make one.</summary>
    /// <param name="options">The feed, the package and how to follow it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public NuGetFeedSource(NuGetFeedOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _range = options.VersionRange is null ? null : VersionRange.Parse(options.VersionRange);
        _trust = new PackageTrust(options);
    }

    /// <inheritdoc />
    public override string Location => $"package {_options.PackageId} on {_options.Source}";

    /// <summary>Gets the version of the package the source currently offers, or <see langword="null"/> before the first install.</summary>
    public string? InstalledVersion => _installed?.Version.ToNormalizedString();

    /// <inheritdoc />
    public override void Start(ModuleSourceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _logger = context.LoggerFactory.CreateLogger<NuGetFeedSource>();
        _cache = new PackageCache(context.ModulesPath, _options.PackageId);
        Connect();

        _installed = _cache.All().Where(package => IsAllowed(package.Version) && _trust.AllowsInstalled(package)).MaxBy(package => package.Version);
        if (_installed is { } cached)
        {
            Log.PackageReused(_logger, _options.PackageId, cached.Version.ToNormalizedString(), cached.Folder);
        }

        _ = context.RunInBackground(PollAsync);
    }

    /// <summary>Builds the repositories with the credentials as they are now (the options, the environment, nuget.config).</summary>
    private void Connect()
    {
        _repositories = [.. new[] { _options.Source }.Concat(_options.DependencySources).Select(source => Repository.Factory.GetCoreV3(FeedCredentials.CreateSource(source, _options)))];
        _installer = new PackageInstaller(_repositories, NuGetFramework.Parse(_options.TargetFramework), _context!.RuntimeIdentifiers, _cache!, _trust, new NuGetLogger(_logger));
    }

    /// <inheritdoc />
    public override string GetFingerprint() => _installed?.Folder ?? $"nothing installed: {_lastProblem}";

    /// <inheritdoc />
    /// <remarks>Versions of this feed's package are ordered by their package version (SemVer 2.0, as NuGet orders them).</remarks>
    public override int? CompareVersions(IReadOnlyDictionary<string, string> x, IReadOnlyDictionary<string, string> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return IsThisPackage(x) && IsThisPackage(y)
            && NuGetVersion.TryParse(x[ModuleLabels.PackageVersion], out var left) && NuGetVersion.TryParse(y[ModuleLabels.PackageVersion], out var right)
                ? left.CompareTo(right)
                : null;

        bool IsThisPackage(IReadOnlyDictionary<string, string> labels) =>
            labels.TryGetValue(ModuleLabels.PackageId, out var id) && string.Equals(id, _options.PackageId, StringComparison.OrdinalIgnoreCase) && labels.ContainsKey(ModuleLabels.PackageVersion);
    }

    /// <inheritdoc />
    public override ModuleContent GetContent()
    {
        var installed = _installed ?? throw (_lastProblem is { } problem
            ? new ModuleLoadException($"No version of {Location} is installed yet: {problem}", Location, null)
            : new ModuleLoadException($"No version of {Location} is installed yet: the first check of the feed has not finished.", Location, null) { IsPending = true });
        var labels = new Dictionary<string, string>
        {
            [ModuleLabels.PackageId] = _options.PackageId,
            [ModuleLabels.PackageVersion] = installed.Version.ToNormalizedString(),
        };
        if (installed.Hash is { } hash)
        {
            labels[ModuleLabels.PackageHash] = hash;
        }

        return new ModuleContent(installed.Folder, labels);
    }

    /// <inheritdoc />
    public override Task CheckForUpdatesAsync(CancellationToken cancellationToken) => CheckAsync(cancellationToken);

    private async Task PollAsync(CancellationToken stopping)
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                await CheckAsync(stopping).ConfigureAwait(false);
                await Task.Delay(NextDelay(), _context!.TimeProvider, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private TimeSpan NextDelay()
    {
        if (_failures == 0)
        {
            return _options.PollingInterval;
        }

        var backedOff = _options.PollingInterval.Ticks * Math.Pow(2, Math.Min(_failures - 1, 20));
        return TimeSpan.FromTicks((long)Math.Min(backedOff, Math.Max(_options.MaxRetryInterval.Ticks, _options.PollingInterval.Ticks)));
    }

    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        if (_context is null)
        {
            throw new InvalidOperationException("The source has not been started by a manager.");
        }

        await _checking.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_reconnect)
            {
                _reconnect = false;
                Connect();
            }

            using var cacheContext = new SourceCacheContext { NoCache = true, RefreshMemoryCache = true };
            var newest = await FindNewestAsync(cacheContext, cancellationToken).ConfigureAwait(false);
            if (_unreachable || _refused)
            {
                _unreachable = _refused = false;
                Log.FeedReachableAgain(_logger, _options.Source);
            }

            if (_installed?.Version != newest)
            {
                var cached = _cache!.Find(newest) is { } found && _trust.AllowsInstalled(found) ? found : null;
                var installed = cached ?? await _installer!.InstallAsync(new PackageIdentity(_options.PackageId, newest), cacheContext, cancellationToken).ConfigureAwait(false);
                if (cached is null)
                {
                    Log.PackageInstalled(_logger, _options.PackageId, newest.ToNormalizedString(), _options.Source, installed.Folder);
                }
                else
                {
                    Log.PackageReused(_logger, _options.PackageId, newest.ToNormalizedString(), installed.Folder);
                }

                _installed = installed;
                _context.NotifyChanged();
            }

            _failures = 0;
            _lastProblem = null;
            _problems.Clear();
        }
        catch (Exception e) when (RefusedCredentials(e) is { } status)
        {
            _failures++;
            _lastProblem = $"the feed refused the credentials ({status}).";
            if (!_refused)
            {
                _refused = true;
                Log.FeedRefusedCredentials(_logger, _options.Source, status, Consequence());
            }

            _reconnect = true; // the next try reads the credentials again: a fixed nuget.config or environment is used
            NotifyWhileNothingInstalled();
        }
        catch (Exception e) when (IsUnreachable(e, cancellationToken))
        {
            _failures++;
            _lastProblem = $"the feed cannot be reached ({e.Message}).";
            if (!_unreachable)
            {
                _unreachable = true;
                Log.FeedUnreachable(_logger, _options.Source, e.Message, Consequence());
            }

            NotifyWhileNothingInstalled();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever a feed or a package does, the source keeps the current version and tries again later.
            _failures++;
            Report(e is PackageInstallException ? e.Message : $"Cannot install {_options.PackageId} from {_options.Source}: {e.Message}");
            NotifyWhileNothingInstalled();
        }
        finally
        {
            _checking.Release();
        }
    }

    private async Task<NuGetVersion> FindNewestAsync(SourceCacheContext cacheContext, CancellationToken cancellationToken)
    {
        var resource = await _repositories[0].GetResourceAsync<FindPackageByIdResource>(cancellationToken).ConfigureAwait(false)
            ?? throw new PackageInstallException($"{_options.Source} is not a NuGet feed.");
        var versions = (await resource.GetAllVersionsAsync(_options.PackageId, cacheContext, new NuGetLogger(_logger), cancellationToken).ConfigureAwait(false)).ToList();
        if (versions.Count == 0)
        {
            throw new PackageInstallException($"The package {_options.PackageId} was not found on {_options.Source}.");
        }

        return versions.Where(IsAllowed).Max()
            ?? throw new PackageInstallException(
                $"No version of {_options.PackageId} on {_options.Source} is allowed ({(_options.IncludePrerelease ? "" : "stable only, ")}range {_range?.ToString() ?? "any"}); the feed has {string.Join(", ", versions.Order())}.");
    }

    private bool IsAllowed(NuGetVersion version) =>
        (_options.IncludePrerelease || !version.IsPrerelease) && (_range is null || _range.Satisfies(version));

    private void Report(string problem)
    {
        _lastProblem = problem;
        if (_problems.IsRepeat(_options.Source, problem))
        {
            Log.InstallStillFailing(_logger, problem);
            return;
        }

        Log.InstallFailed(_logger, problem, Consequence());
    }

    /// <summary>Lets the manager read the source again while it has nothing: what it learns is a problem now, no longer a first check in flight.</summary>
    private void NotifyWhileNothingInstalled()
    {
        if (_installed is null)
        {
            _context!.NotifyChanged();
        }
    }

    /// <summary>Says what a problem means for the jobs: they keep the installed version, or there is none yet.</summary>
    private string Consequence() => _installed is { } installed
        ? $"Jobs keep starting on {_options.PackageId} {installed.Version.ToNormalizedString()}."
        : "No version is installed yet: StartJob fails until an installable version is published.";

    /// <summary>Finds a 401 or 403 from the feed in what NuGet threw: the status, such as <c>401 Unauthorized</c>.</summary>
    private static string? RefusedCredentials(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpRequestException { StatusCode: System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden } http)
            {
                return $"{(int)http.StatusCode} {http.StatusCode}";
            }

            foreach (var status in (string[])["401 (Unauthorized)", "403 (Forbidden)"])
            {
                if (inner.Message.Contains(status, StringComparison.Ordinal))
                {
                    return status.Replace("(", string.Empty, StringComparison.Ordinal).Replace(")", string.Empty, StringComparison.Ordinal);
                }
            }
        }

        return null;
    }

    private static bool IsUnreachable(Exception e, CancellationToken cancellationToken) =>
        e is FatalProtocolException or HttpRequestException or TimeoutException
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);
}
