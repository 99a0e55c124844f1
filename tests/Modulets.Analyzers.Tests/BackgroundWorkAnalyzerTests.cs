namespace Modulets.Analyzers.Tests;

public sealed class BackgroundWorkAnalyzerTests
{
    [Fact]
    public Task ThreadsAndEndlessTasksThatIgnoreCancellation_AreReported_EvenWithATokenForTheSchedulerOnly() => Verify.AnalyzerAsync<BackgroundWorkAnalyzer>("""
        using System.Threading;
        using System.Threading.Tasks;
        public sealed class Job
        {
            public void Run(CancellationToken cancellation)
            {
                {|MODL004:Task.Factory.StartNew(() => { for (;;) { } }, cancellation)|};
            }
        }
        """);

    [Fact]
    public Task ThreadsAndEndlessTasksThatIgnoreCancellation_AreReported() => Verify.AnalyzerAsync<BackgroundWorkAnalyzer>("""
        using System.Threading;
        using System.Threading.Tasks;
        public sealed class Job
        {
            public void Run()
            {
                {|MODL002:new Thread(() => { while (true) { Thread.Sleep(50); } })|}.Start();
                {|MODL002:new Thread(Loop)|}.Start();
                {|MODL004:Task.Run(async () => { while (true) { await Task.Delay(50); } })|};
                {|MODL004:Task.Factory.StartNew(() => { for (;;) { } })|};
                {|MODL004:Task.Factory.StartNew(() => Thread.Sleep(10), TaskCreationOptions.LongRunning)|};
                {|MODL004:Task.Run(() => { while (true) { Thread.Sleep(50); } }, CancellationToken.None)|};
                {|MODL004:Task.Run(() => { while (true) { Task.Delay(50, CancellationToken.None).Wait(); } })|};
            }

            private static void Loop() { }
        }
        """);

    [Fact]
    public Task WorkThatObservesAToken_IsNotReported() => Verify.AnalyzerAsync<BackgroundWorkAnalyzer>("""
        using System.Threading;
        using System.Threading.Tasks;
        public sealed class Job
        {
            private readonly CancellationTokenSource _stop = new();

            public void Run(CancellationToken cancellation)
            {
                new Thread(() => { while (!cancellation.IsCancellationRequested) { Thread.Sleep(50); } }).Start();
                new Thread(Loop).Start();
                Task.Run(async () => { while (true) { await Task.Delay(50, cancellation); } });
                Task.Factory.StartNew(() => { for (;;) { cancellation.ThrowIfCancellationRequested(); } }, cancellation);
                Task.Run(() => 42);
            }

            private void Loop() => _stop.Token.WaitHandle.WaitOne();
        }
        """);
}
