using Microsoft.Extensions.Options;

namespace Modulets;

/// <summary>Checks <see cref="ModuletOptions"/> before a manager starts, so a misconfiguration fails at start-up and not at the first job.</summary>
internal sealed class ModuletOptionsValidator : IValidateOptions<ModuletOptions>
{
    public ValidateOptionsResult Validate(string? name, ModuletOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ModulesPath))
        {
            failures.Add($"{nameof(ModuletOptions.ModulesPath)} is required: set it to the folder that holds the module's assemblies.");
        }
        else if (options.ModulesPath.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            failures.Add($"{nameof(ModuletOptions.ModulesPath)} '{options.ModulesPath}' is not a valid path.");
        }

        if (options.UpgradeGracePeriod <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(ModuletOptions.UpgradeGracePeriod)} must be positive (it is {options.UpgradeGracePeriod}).");
        }

        if (options.UnloadTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(ModuletOptions.UnloadTimeout)} must be positive (it is {options.UnloadTimeout}).");
        }

        if (options.QuietPeriod < TimeSpan.Zero)
        {
            failures.Add($"{nameof(ModuletOptions.QuietPeriod)} must not be negative (it is {options.QuietPeriod}).");
        }

        if (options.PollingInterval <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(ModuletOptions.PollingInterval)} must be positive (it is {options.PollingInterval}).");
        }

        if (options.FirstVersionTimeout < TimeSpan.Zero)
        {
            failures.Add($"{nameof(ModuletOptions.FirstVersionTimeout)} must not be negative (it is {options.FirstVersionTimeout}).");
        }

        if (options.StartupTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(ModuletOptions.StartupTimeout)} must be positive (it is {options.StartupTimeout}).");
        }

        if (options.ShutdownTimeout < TimeSpan.Zero)
        {
            failures.Add($"{nameof(ModuletOptions.ShutdownTimeout)} must not be negative (it is {options.ShutdownTimeout}).");
        }

        if (options.Canary is { } canary)
        {
            ValidateCanary(canary, failures);
        }

        if (options.VersionHistoryLimit < 0)
        {
            failures.Add($"{nameof(ModuletOptions.VersionHistoryLimit)} must not be negative (it is {options.VersionHistoryLimit}).");
        }

        if (options.DrainTimeout is { } drain && drain < TimeSpan.Zero)
        {
            failures.Add($"{nameof(ModuletOptions.DrainTimeout)} must not be negative (it is {drain}).");
        }

        if (options.MaxLiveVersions is < 1)
        {
            failures.Add($"{nameof(ModuletOptions.MaxLiveVersions)} must be at least 1 (it is {options.MaxLiveVersions}).");
        }

        if (options.TimeProvider is null)
        {
            failures.Add($"{nameof(ModuletOptions.TimeProvider)} is required.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateCanary(CanaryOptions canary, List<string> failures)
    {
        var steps = canary.EffectiveSteps;
        if (steps.Length == 0 || steps.Any(step => step is < 1 or > 100) || steps.Zip(steps.Skip(1)).Any(pair => pair.First >= pair.Second))
        {
            failures.Add($"{nameof(ModuletOptions.Canary)}.{nameof(CanaryOptions.Steps)} must be rising percentages from 1 to 100 (they are [{string.Join(", ", steps)}]).");
        }

        if (canary.MinJobsPerStep < 1)
        {
            failures.Add($"{nameof(ModuletOptions.Canary)}.{nameof(CanaryOptions.MinJobsPerStep)} must be at least 1 (it is {canary.MinJobsPerStep}).");
        }

        if (canary.MinStepDuration < TimeSpan.Zero)
        {
            failures.Add($"{nameof(ModuletOptions.Canary)}.{nameof(CanaryOptions.MinStepDuration)} must not be negative (it is {canary.MinStepDuration}).");
        }

        if (canary.FailureRateTolerance is < 0 or > 1 or double.NaN)
        {
            failures.Add($"{nameof(ModuletOptions.Canary)}.{nameof(CanaryOptions.FailureRateTolerance)} must be from 0 to 1 (it is {canary.FailureRateTolerance}).");
        }
    }
}
