namespace Modulets.Analyzers.Tests;

public sealed class TypeDescriptorRegistrationAnalyzerTests
{
    [Fact]
    public Task ARegistrationNeverRemoved_IsReported() => Verify.AnalyzerAsync<TypeDescriptorRegistrationAnalyzer>("""
        using System.ComponentModel;
        public sealed class Job
        {
            public void Run()
            {
                {|MODL007:TypeDescriptor.AddAttributes(typeof(string), new DescriptionAttribute("text"))|};
                {|MODL007:TypeDescriptor.AddProvider(new Provider(), typeof(int))|};
                TypeDescriptor.GetProperties(typeof(Job));
            }

            private sealed class Provider : TypeDescriptionProvider { }
        }
        """);

    [Fact]
    public Task ARegistrationTheTypeRemoves_IsNotReported() => Verify.AnalyzerAsync<TypeDescriptorRegistrationAnalyzer>("""
        using System.ComponentModel;
        using System.Threading;
        public sealed class Job
        {
            public void Run(CancellationToken cancellation)
            {
                var provider = TypeDescriptor.AddAttributes(typeof(string), new DescriptionAttribute("text"));
                cancellation.Register(() => TypeDescriptor.RemoveProvider(provider, typeof(string)));
            }
        }
        """);
}
