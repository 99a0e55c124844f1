using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Modulets.Benchmarks;
using Modulets.Benchmarks.Soak;

// dotnet run -c Release --project bench/Modulets.Benchmarks -- --quick     every scenario, quickly, then the resource report
// dotnet run -c Release --project bench/Modulets.Benchmarks -- --filter *  the full BenchmarkDotNet runs
// dotnet run -c Release --project bench/Modulets.Benchmarks -- --report    memory per job and 1,000 swaps: heap and collection
// dotnet run -c Release --project bench/Modulets.Benchmarks -- --soak [--minutes 10] [--jobs 5000]   5,000 waiting jobs, a version a second: a chart and a CSV
if (args.Contains("--soak"))
{
    return await SoakRun.RunAsync(SoakOptions.Parse(args));
}

var quick = args.Contains("--quick");
var reportOnly = args.Contains("--report");
var rest = args.Where(arg => arg is not ("--quick" or "--report")).ToArray();
if (!reportOnly)
{
    BenchmarkSwitcher.FromAssembly(typeof(QuickConfig).Assembly)
        .Run(quick && rest.Length == 0 ? ["--filter", "*"] : rest, quick ? new QuickConfig() : DefaultConfig.Instance);
}

if (quick || reportOnly)
{
    await ResourceReport.RunAsync();
}

return 0;
