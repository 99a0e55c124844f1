namespace Modulets.Tests.Diagnostics;

public class SerialDispatcherTests
{
    private static readonly AsyncLocal<string?> s_callerValue = new();

    [Fact]
    public async Task Post_ManyCallbacks_RunsThemOneAtATimeInOrder()
    {
        var seen = new List<int>();
        var running = 0;
        var overlapped = false;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var dispatcher = new SerialDispatcher(e => done.TrySetException(e));

        for (var i = 0; i < 1000; i++)
        {
            var value = i;
            dispatcher.Post(() =>
            {
                overlapped |= Interlocked.Increment(ref running) > 1;
                seen.Add(value);
                Interlocked.Decrement(ref running);
                if (value == 999)
                {
                    done.TrySetResult();
                }
            });
        }

        await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        seen.Should().Equal(Enumerable.Range(0, 1000));
        overlapped.Should().BeFalse();
    }

    [Fact]
    public async Task Post_ACallbackThrows_ReportsItAndRunsTheNextOne()
    {
        var errors = new List<Exception>();
        var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var dispatcher = new SerialDispatcher(errors.Add);

        dispatcher.Post(() => throw new InvalidOperationException("handler failed"));
        dispatcher.Post(next.SetResult);

        await next.Task.WaitAsync(TimeSpan.FromSeconds(30));
        errors.Should().ContainSingle().Which.Message.Should().Be("handler failed");
    }

    [Fact]
    public async Task Post_RunsOutsideTheCallersExecutionContext()
    {
        var seen = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var dispatcher = new SerialDispatcher(e => seen.TrySetException(e));
        s_callerValue.Value = "the caller's flow";

        dispatcher.Post(() => seen.SetResult(s_callerValue.Value));

        (await seen.Task.WaitAsync(TimeSpan.FromSeconds(30))).Should().BeNull();
    }
}
