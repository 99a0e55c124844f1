using Modulets.Control;
// The original job-server story: "receive confirmation" jobs email a customer and wait, for as long as it takes, for
// the reply. The operator ships a SendEmail that uses VERP to catch bounces: the jobs already waiting keep their old
// code, new jobs use VERP, and the old version is collected once its last job has ended. The host has a control
// socket: run `modulets watch` (dotnet run --project src/Modulets.Cli -- watch) beside it.
using JobServer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Modulets;

if (JobServerArguments.Parse(args) is not { } arguments)
{
    Console.Error.WriteLine(JobServerArguments.Usage);
    return 2;
}

var modules = Directory.CreateTempSubdirectory("modulets-jobserver-").FullName;
var writer = new SendEmailModuleWriter(modules);
writer.WritePlainReturnPath();

// With --web, a web host that serves the dashboard too, on a loopback port; without, a plain worker host.
IHost host;
if (arguments.WebPort is { } port)
{
    var web = WebApplication.CreateSlimBuilder();
    web.WebHost.UseUrls($"http://127.0.0.1:{port}");
    Configure(web);
    var app = web.Build();
    app.MapModulets(); // the API and the dashboard, under /modulets/, for loopback callers only
    host = app;
}
else
{
    var worker = Host.CreateApplicationBuilder();
    Configure(worker);
    host = worker.Build();
}

using var disposeHost = host;
await host.StartAsync();
var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
Console.WriteLine($"JobServer (pid {Environment.ProcessId}): modules in {modules}");
Console.WriteLine($"Control socket {ControlSocketPaths.GetSocketPath(Environment.ProcessId)}; watch it with: dotnet run --project src/Modulets.Cli -- watch");
if (host is WebApplication webHost)
{
    var address = webHost.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    Console.WriteLine($"Dashboard: {address}/modulets/ (open it in a browser: the timeline shows the update as it happens)");
}

var scenario = new Scenario(host.Services.GetRequiredService<ModuletManager>(), host.Services.GetRequiredService<Mailbox>(), writer, arguments, Console.Out);
bool asPromised;
try
{
    asPromised = await scenario.RunAsync(lifetime.ApplicationStopping);
    Console.WriteLine(asPromised
        ? "As promised: v1's jobs kept the plain return path (their bounces matched nobody), v2's jobs caught theirs with VERP, and v1 was collected."
        : "Not as promised: see the lines above.");
}
catch (OperationCanceledException)
{
    asPromised = true;
}

if (!arguments.ExitWhenDone && !lifetime.ApplicationStopping.IsCancellationRequested)
{
    Console.WriteLine("The server keeps running for the console; Ctrl+C stops it.");
    await host.WaitForShutdownAsync();
}

await host.StopAsync();
Directory.Delete(modules, recursive: true);
return asPromised ? 0 : 1;

void Configure(IHostApplicationBuilder builder)
{
    builder.Logging.ClearProviders();
    builder.Logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(arguments.Verbose ? LogLevel.Debug : LogLevel.Warning);
    builder.Logging.AddFilter("Modulets.AspNetCore.Control", LogLevel.Information); // the control audit log
    builder.Services.AddModulets(options => options.ModulesPath = modules);
    builder.Services.AddModuletsControlSocket();
    builder.Services.AddSingleton(new Mailbox(arguments.ReplyWithin));
}
