using System.Threading.Channels;

namespace Modulets.Tests.BadInput;

public class UpdateRejectedEventTests
{
    [Fact]
    public async Task UpdateRejected_IsRaisedOncePerProblem_NamingTheFileAndWhatJobsKeep()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        var current = test.Manager.CurrentVersion;
        var heard = Channel.CreateUnbounded<ModuleUpdateRejectedEventArgs>();
        test.Manager.UpdateRejected += (_, e) => heard.Writer.TryWrite(e);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        folder.WriteFile("MagicModule.dll", [0x4D, 0x5A, 1, 2, 3]);
        test.Manager.Refresh().Should().BeSameAs(current);
        test.Manager.Refresh(); // the same problem again: logged at debug level, not raised
        folder.Delete("MagicModule.dll");
        test.Manager.Refresh(); // another problem

        var corrupt = await heard.Reader.ReadAsync(timeout.Token);
        var missing = await heard.Reader.ReadAsync(timeout.Token);
        corrupt.FilePath.Should().Be(folder["MagicModule.dll"]);
        corrupt.Reason.Should().NotBeNullOrWhiteSpace();
        corrupt.Consequence.Should().Contain(current.ShortId);
        missing.Reason.Should().NotBe(corrupt.Reason);
        heard.Reader.TryRead(out _).Should().BeFalse("events are raised in order, and the repeated problem was not raised");
        test.Events(7).Should().HaveCount(2);
    }
}
