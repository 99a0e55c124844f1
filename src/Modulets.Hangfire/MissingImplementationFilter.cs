using global::Hangfire.Common;
using global::Hangfire.States;

namespace Modulets.Hangfire;

/// <summary>
/// A job whose contract the current version does not implement is not a failure of the job: instead of failing it
/// (and using up a retry on every server that tries), it is scheduled again after a delay, with the reason in its state.
/// Runs before <c>AutomaticRetry</c> (order 20), which then has nothing to count.
/// </summary>
internal sealed class MissingImplementationFilter : JobFilterAttribute, IElectStateFilter
{
    public static readonly MissingImplementationFilter Instance = new();

    private MissingImplementationFilter() => Order = 10;

    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is FailedState { Exception: { } exception } && Find(exception) is { } missing)
        {
            context.CandidateState = new ScheduledState(missing.RetryAfter) { Reason = missing.Message };
        }
    }

    private static ContractNotImplementedException? Find(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is ContractNotImplementedException missing)
            {
                return missing;
            }
        }

        return null;
    }
}
