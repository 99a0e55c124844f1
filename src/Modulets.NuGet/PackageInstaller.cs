using System.Security.Cryptography;
using NuGet.Common;
using NuGet.Frameworks;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Protocol.Core.Types;
using NuGet.Resolver;

namespace Modulets.NuGet;

/// <summary>
/// Installs one package version into the cache: resolves its dependencies for the target framework
/// (NuGet.Resolver), downloads and verifies every package, and extracts the <c>lib/</c> assets of the nearest
/// framework and this platform's <c>runtimes/</c> assets into a staging folder that is renamed into place only when
/// complete.
/// </summary>
internal sealed class PackageInstaller(
    IReadOnlyList<SourceRepository> repositories,
    NuGetFramework framework,
    IReadOnlyList<string> runtimeIdentifiers,
    PackageCache cache,
    PackageTrust trust,
    ILogger nuGetLogger)
{
    private static readonly FrameworkReducer s_reducer = new();

    /// <exception cref="PackageInstallException">The package or a dependency is missing, corrupt, or has nothing for the framework.</exception>
    public async Task<InstalledPackage> InstallAsync(PackageIdentity package, SourceCacheContext cacheContext, CancellationToken cancellationToken)
    {
        var packages = await ResolveAsync(package, cacheContext, cancellationToken).ConfigureAwait(false);
        var downloads = new List<(PackageIdentity Identity, byte[] Content)>();
        string? moduleSigner = null;
        foreach (var dependency in packages)
        {
            var (content, source) = await DownloadAsync(dependency, cacheContext, cancellationToken).ConfigureAwait(false);
            var signer = await trust.VerifyAsync(dependency, content, IsModule(dependency), source, cancellationToken).ConfigureAwait(false);
            moduleSigner = IsModule(dependency) ? signer : moduleSigner;
            downloads.Add((dependency, content));
        }

        bool IsModule(PackageIdentity identity) => PackageIdentityComparer.Default.Equals(identity, package);

        var folder = Path.Combine(cache.Root, $"{package.Version.ToNormalizedString()}-{ContentHash(downloads)}");
        if (!Directory.Exists(folder))
        {
            var staging = Path.Combine(cache.Root, ".staging-" + Guid.NewGuid().ToString("N"));
            try
            {
                Directory.CreateDirectory(staging);
                foreach (var (identity, content) in downloads)
                {
                    Extract(identity, content, staging, isModule: IsModule(identity));
                }

                Directory.Move(staging, folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new PackageInstallException($"Cannot install {package} into {cache.Root}: writing its files failed ({e.GetType().Name}, a full or read-only disk?).", e);
            }
            finally
            {
                if (Directory.Exists(staging))
                {
                    Directory.Delete(staging, recursive: true);
                }
            }
        }

        return cache.MarkReady(package.Version, folder, PackageTrust.Hash(downloads.Single(download => IsModule(download.Identity)).Content), moduleSigner);
    }

    private async Task<IReadOnlyList<PackageIdentity>> ResolveAsync(PackageIdentity package, SourceCacheContext cacheContext, CancellationToken cancellationToken)
    {
        var available = new Dictionary<PackageIdentity, SourcePackageDependencyInfo>(PackageIdentityComparer.Default);
        var pending = new Queue<(PackageIdentity Package, string RequiredBy)>([(package, "the module")]);
        while (pending.TryDequeue(out var next))
        {
            if (available.ContainsKey(next.Package))
            {
                continue;
            }

            var info = await FindDependencyInfoAsync(next.Package, cacheContext, cancellationToken).ConfigureAwait(false)
                ?? throw new PackageInstallException(
                    $"Cannot install {package}: {next.Package} (needed by {next.RequiredBy}) was not found on {string.Join(", ", repositories.Select(r => r.PackageSource.Source))}.");
            available.Add(next.Package, info);
            foreach (var dependency in info.Dependencies)
            {
                var lowest = await FindLowestAsync(dependency, cacheContext, cancellationToken).ConfigureAwait(false)
                    ?? throw new PackageInstallException(
                        $"Cannot install {package}: no version of {dependency.Id} in {dependency.VersionRange} (needed by {info}) was found on {string.Join(", ", repositories.Select(r => r.PackageSource.Source))}.");
                pending.Enqueue((lowest, info.ToString()));
            }
        }

        var context = new PackageResolverContext(
            DependencyBehavior.Lowest,
            [package.Id],
            [],
            [],
            [package],
            available.Values,
            repositories.Select(repository => repository.PackageSource),
            nuGetLogger);
        try
        {
            return [.. new PackageResolver().Resolve(context, cancellationToken)];
        }
        catch (NuGetResolverException e)
        {
            throw new PackageInstallException($"Cannot install {package}: its dependencies conflict ({e.Message}).", e);
        }
    }

    private async Task<SourcePackageDependencyInfo?> FindDependencyInfoAsync(PackageIdentity package, SourceCacheContext cacheContext, CancellationToken cancellationToken)
    {
        foreach (var repository in repositories)
        {
            var resource = await repository.GetResourceAsync<DependencyInfoResource>(cancellationToken).ConfigureAwait(false);
            var info = resource is null ? null : await resource.ResolvePackage(package, framework, cacheContext, nuGetLogger, cancellationToken).ConfigureAwait(false);
            if (info is not null)
            {
                return info;
            }
        }

        return null;
    }

    private async Task<PackageIdentity?> FindLowestAsync(PackageDependency dependency, SourceCacheContext cacheContext, CancellationToken cancellationToken)
    {
        foreach (var repository in repositories)
        {
            var resource = await repository.GetResourceAsync<FindPackageByIdResource>(cancellationToken).ConfigureAwait(false);
            if (resource is null)
            {
                continue;
            }

            var versions = await resource.GetAllVersionsAsync(dependency.Id, cacheContext, nuGetLogger, cancellationToken).ConfigureAwait(false);
            var lowest = versions.Where(dependency.VersionRange.Satisfies).Min();
            if (lowest is not null)
            {
                return new PackageIdentity(dependency.Id, lowest);
            }
        }

        return null;
    }

    private async Task<(byte[] Content, string Source)> DownloadAsync(PackageIdentity package, SourceCacheContext cacheContext, CancellationToken cancellationToken)
    {
        foreach (var repository in repositories)
        {
            var resource = await repository.GetResourceAsync<FindPackageByIdResource>(cancellationToken).ConfigureAwait(false);
            using var content = new MemoryStream();
            if (resource is not null && await resource.CopyNupkgToStreamAsync(package.Id, package.Version, content, cacheContext, nuGetLogger, cancellationToken).ConfigureAwait(false))
            {
                Verify(package, content, repository.PackageSource.Source);
                return (content.ToArray(), repository.PackageSource.Source);
            }
        }

        throw new PackageInstallException(
            $"Cannot install {package.Id} {package.Version.ToNormalizedString()}: it is listed on {string.Join(", ", repositories.Select(r => r.PackageSource.Source))} but its package file ({PackageFileName(package)}) cannot be downloaded as a valid package (a corrupt or incomplete upload?).");
    }

    private static string PackageFileName(PackageIdentity package) => $"{package.Id.ToLowerInvariant()}.{package.Version.ToNormalizedString().ToLowerInvariant()}.nupkg";

    private static void Verify(PackageIdentity expected, MemoryStream content, string source)
    {
        try
        {
            content.Position = 0;
            using var reader = new PackageArchiveReader(content, leaveStreamOpen: true);
            var identity = reader.GetIdentity();
            if (!PackageIdentityComparer.Default.Equals(identity, expected))
            {
                throw new PackageInstallException($"The package downloaded from {source} as {expected} is {identity}.");
            }
        }
        catch (Exception e) when (e is InvalidDataException or PackagingException or InvalidOperationException)
        {
            throw new PackageInstallException($"Cannot install {expected.Id} {expected.Version.ToNormalizedString()} from {source}: its package file ({PackageFileName(expected)}) is not a valid package ({e.Message}).", e);
        }
    }

    /// <summary>Extracts a downloaded package's assets for this framework and platform into <paramref name="destination"/>.</summary>
    /// <exception cref="PackageInstallException">The package is corrupt, has nothing for the framework, or a file would land outside <paramref name="destination"/>.</exception>
    internal void Extract(PackageIdentity package, byte[] content, string destination, bool isModule)
    {
        try
        {
            ExtractAssets(package, content, destination, isModule);
        }
        catch (Exception e) when (CorruptPackage.Is(e))
        {
            throw new PackageInstallException($"Cannot install {package}: it is not a valid package ({e.GetType().Name}: {e.Message}).", e);
        }
    }

    private void ExtractAssets(PackageIdentity package, byte[] content, string destination, bool isModule)
    {
        using var reader = new PackageArchiveReader(new MemoryStream(content, writable: false));
        var files = LibraryAssets(reader).Concat(RuntimeAssets(reader)).ToList();
        if (isModule && files.Count == 0)
        {
            throw new PackageInstallException(
                $"Cannot install {package}: it has no lib/ assets for {framework.GetShortFolderName()} (it has {DescribeFrameworks(reader)}).");
        }

        foreach (var (packageFile, relativeTarget) in files)
        {
            var target = Path.GetFullPath(Path.Combine(destination, relativeTarget));
            if (!target.StartsWith(Path.GetFullPath(destination) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new PackageInstallException($"Cannot install {package}: its file '{packageFile}' would be written outside the install folder.");
            }

            if (File.Exists(target))
            {
                throw new PackageInstallException($"Cannot install {package}: its file '{packageFile}' is also in another package of the module.");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            try
            {
                reader.ExtractFile(packageFile, target, nuGetLogger);
            }
            catch (InvalidDataException e)
            {
                throw new PackageInstallException($"Cannot install {package}: its file '{packageFile}' is corrupt ({e.Message}).", e);
            }
        }
    }

    /// <summary>lib/&lt;nearest framework&gt;/... goes to the root of the install folder (culture folders of satellites kept).</summary>
    private IEnumerable<(string PackageFile, string Target)> LibraryAssets(PackageArchiveReader reader)
    {
        var groups = reader.GetLibItems().ToList();
        var nearest = s_reducer.GetNearest(framework, groups.Select(group => group.TargetFramework));
        if (nearest is null)
        {
            return [];
        }

        var prefix = "lib/" + nearest.GetShortFolderName() + "/";
        return groups.Where(group => group.TargetFramework.Equals(nearest))
            .SelectMany(group => group.Items)
            .Where(item => !item.EndsWith("/_._", StringComparison.Ordinal) && item.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(item => (item, item[prefix.Length..]));
    }

    /// <summary>runtimes/&lt;rid&gt;/native and runtimes/&lt;rid&gt;/lib/&lt;nearest framework&gt; for the identifiers this process can use, kept in place for the module reader to choose from.</summary>
    private IEnumerable<(string PackageFile, string Target)> RuntimeAssets(PackageArchiveReader reader)
    {
        var files = reader.GetFiles("runtimes")
            .Select(file => (File: file, Parts: file.Split('/')))
            .Where(file => file.Parts.Length >= 4 && runtimeIdentifiers.Contains(file.Parts[1], StringComparer.OrdinalIgnoreCase))
            .ToList();
        foreach (var native in files.Where(file => file.Parts[2] == "native"))
        {
            yield return (native.File, native.File);
        }

        foreach (var rid in files.Where(file => file.Parts[2] == "lib" && file.Parts.Length >= 5).GroupBy(file => file.Parts[1]))
        {
            var nearest = s_reducer.GetNearest(framework, rid.Select(file => NuGetFramework.ParseFolder(file.Parts[3])));
            foreach (var file in rid.Where(file => nearest is not null && NuGetFramework.ParseFolder(file.Parts[3]).Equals(nearest)))
            {
                yield return (file.File, file.File);
            }
        }
    }

    private static string DescribeFrameworks(PackageArchiveReader reader)
    {
        var frameworks = reader.GetLibItems().Select(group => group.TargetFramework.GetShortFolderName()).ToList();
        return frameworks.Count == 0 ? "no lib/ folder" : string.Join(", ", frameworks);
    }

    private static string ContentHash(IEnumerable<(PackageIdentity Identity, byte[] Content)> packages)
    {
        using var hash = IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var (_, content) in packages.OrderBy(p => p.Identity.Id, StringComparer.OrdinalIgnoreCase))
        {
            hash.AppendData(SHA256.HashData(content));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}
