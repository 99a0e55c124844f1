namespace Modulets.Tests.Versioning;

public class ImageParsingTests
{
    [Fact]
    public void NativeImageInspector_APortableExecutableCutShort_IsTruncated()
    {
        var image = TestModules.Magic(1).Image;

        NativeImageInspector.FindProblem(image.AsSpan(0, image.Length / 2)).Should().StartWith("it is truncated: its headers declare");
    }

    [Fact]
    public void NativeImageInspector_APortableExecutableCutInsideItsHeaders_IsTruncated()
    {
        var image = TestModules.Magic(1).Image;

        NativeImageInspector.FindProblem(image.AsSpan(0, 100)).Should().Contain("PE headers are incomplete");
    }

    [Fact]
    public void NativeImageInspector_ACompletePortableExecutable_HasNoProblem()
    {
        NativeImageInspector.FindProblem(TestModules.Magic(1).Image).Should().BeNull();
    }

    [Fact]
    public void NativeImageInspector_Garbage_IsNotANativeLibrary()
    {
        NativeImageInspector.FindProblem("not a library"u8).Should().Contain("not a native library");
    }

    [Theory]
    [InlineData("Jobs.Contracts, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null", "Jobs.Contracts")]
    [InlineData("Jobs.Contracts", "Jobs.Contracts")]
    [InlineData(" Padded , Version=2.0.0.0", "Padded")]
    public void AssemblyNames_Simple_ReadsTheNameBeforeTheFirstComma(string displayName, string expected)
    {
        AssemblyNames.Simple(displayName).Should().Be(expected);
    }

    [Fact]
    public void RepeatedProblemFilter_TheSameProblemWithOtherNumbers_IsARepeat()
    {
        var filter = new RepeatedProblemFilter();

        filter.IsRepeat("a.dll", "declares 4096 bytes but has 1024").Should().BeFalse();
        filter.IsRepeat("a.dll", "declares 4096 bytes but has 2048").Should().BeTrue();
        filter.IsRepeat("b.dll", "declares 4096 bytes but has 2048").Should().BeFalse("another file is another problem");
    }

    [Fact]
    public void RepeatedProblemFilter_AfterClear_TheSameProblemIsNewAgain()
    {
        var filter = new RepeatedProblemFilter();
        filter.IsRepeat("feed", "unreachable");

        filter.Clear();

        filter.IsRepeat("feed", "unreachable").Should().BeFalse();
    }
}
