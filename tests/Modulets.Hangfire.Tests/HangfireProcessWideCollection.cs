namespace Modulets.Hangfire.Tests;

/// <summary>The tests that change Hangfire's process-wide configuration, run when no other test runs.</summary>
[CollectionDefinition(HangfireDashboardTests.Alone, DisableParallelization = true)]
public sealed class HangfireProcessWideCollection;
