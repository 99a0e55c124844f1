using global::Hangfire.Common;
using global::Hangfire.States;

namespace Modulets.Hangfire;

/// <summary>
/// A job that this server cannot run yet is not a failure of the job: when the current version does not implement its
/// contract (<see cref="ContractNotImplementedException"/>), or is older than the code that enqueued it
/// (<see cref="NewerCodeRequiredException"/>), it is scheduled again after a delay with the reason in its history, instead
/// of failing (and using up a retry on every server that tries). Runs before <c>AutomaticRetry</c> (order 20), which
/// then has nothing to count.
/// </summary>
internal sealed class DeferredJobFilter : JobFilterAttribute, IElectStateFilter
{
    public static readonly DeferredJobFilter Instance = new();

    private DeferredJobFilter() => Order = 10;

    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is FailedState { Exception: { } exception } && RetryAfter(exception) is { } deferred)
        {
            context.CandidateState = new ScheduledState(deferred.Delay) { Reason = deferred.Reason };
        }
    }

    private static (TimeSpan Delay, string Reason)? RetryAfter(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case ContractNotImplementedException missing:
                    return (missing.RetryAfter, missing.Message);
                case NewerCodeRequiredException older:
                    return (older.RetryAfter, older.Message);
            }
        }

        return null;
    }
}
