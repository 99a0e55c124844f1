using NuGet.Frameworks;
using NuGet.Packaging.Core;
using NuGet.Versioning;
using Xunit.Abstractions;

namespace Modulets.NuGet.Tests.Fuzzing;

/// <summary>
/// The deterministic mutation harness over the package reader: 10,000 seeded mutations of a real module package (its
/// zip structure, nuspec, file names and contents), each either extracted into its staging folder or refused with a
/// <see cref="PackageInstallException"/> that says why, within bounded time, and never writing outside that folder;
/// the signature check of a feed that requires signed packages refuses each one with a reason too.
/// </summary>
[Collection(FeedCollection.Name)]
public sealed class PackageMutationTests(FeedModulePackages packages, ITestOutputHelper output) : IDisposable
{
    private static readonly int s_inputs = int.TryParse(Environment.GetEnvironmentVariable("MODULETS_FUZZ_INPUTS"), out var inputs) ? inputs : 10_000;

    private readonly string _sandbox = Directory.CreateTempSubdirectory("modulets-package-fuzz-").FullName;

    [Fact]
    public async Task Package_EveryMutation_IsExtractedOrRefusedWithAReason_AndNothingLandsOutsideItsFolder()
    {
        var seed = File.ReadAllBytes(packages["1.0.0"]);
        var identity = new PackageIdentity("FeedModule", NuGetVersion.Parse("1.0.0"));
        var options = new NuGetFeedOptions { Source = _sandbox, PackageId = "FeedModule", RequireSignedPackages = true };
        var installer = new PackageInstaller([], NuGetFramework.Parse("net10.0"), ["linux-x64", "linux", "unix", "any"], new PackageCache(Path.Combine(_sandbox, "cache"), "FeedModule"), new PackageTrust(options), global::NuGet.Common.NullLogger.Instance);
        var trust = new PackageTrust(options);
        var (extracted, refused, failures) = (0, 0, new List<string>());
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var number = 0; number < s_inputs; number++)
        {
            var (mutation, input) = Mutations.Make(seed, number);
            var staging = Directory.CreateDirectory(Path.Combine(_sandbox, "staging", "module")).FullName;
            var started = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                installer.Extract(identity, input, staging, isModule: true);
                extracted++;
            }
            catch (PackageInstallException e) when (!string.IsNullOrWhiteSpace(e.Message))
            {
                refused++;
            }
            catch (Exception e)
            {
                failures.Add($"#{number} ({mutation}): {e.GetType().Name}: {e.Message}");
            }

            try
            {
                await trust.VerifyAsync(identity, input, isModule: true, "the harness", CancellationToken.None);
                failures.Add($"#{number} ({mutation}): an unsigned package passed the signature check");
            }
            catch (PackageInstallException)
            {
                // Refused, with the reason in the message.
            }
            catch (Exception e)
            {
                failures.Add($"#{number} ({mutation}) at the signature check: {e.GetType().Name}: {e.Message}");
            }

            if (started.Elapsed > TimeSpan.FromSeconds(2))
            {
                failures.Add($"#{number} ({mutation}): took {started.Elapsed}");
            }

            var outside = Directory.EnumerateFileSystemEntries(Path.Combine(_sandbox, "staging")).Where(entry => entry != staging).ToList();
            if (outside.Count > 0)
            {
                failures.Add($"#{number} ({mutation}): wrote outside its folder: {string.Join(", ", outside)}");
            }

            Directory.Delete(Path.Combine(_sandbox, "staging"), recursive: true);
        }

        output.WriteLine($"a package: {s_inputs} inputs in {clock.Elapsed.TotalSeconds:0.0} s: {extracted} extracted, {refused} refused with a reason, {failures.Count} failures");
        failures.Should().BeEmpty($"every mutated package is extracted or refused with a reason; failures ({string.Join(", ", failures.GroupBy(f => f.Split(": ")[1]).Select(g => $"{g.Key} ×{g.Count()}"))}):{Environment.NewLine}{string.Join(Environment.NewLine, failures.Take(30))}");
    }

    public void Dispose() => Directory.Delete(_sandbox, recursive: true);
}
