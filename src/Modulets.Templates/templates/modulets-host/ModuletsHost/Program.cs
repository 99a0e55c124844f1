using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Modulets;
using Modulets.AspNetCore;
using ModuletsHost;

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.AddSimpleConsole(console => console.SingleLine = true);

// The manager follows the modules folder (Modulets:ModulesPath, relative to the working directory): copy a new build
// of the module into it, and new jobs run on the new code while running jobs keep theirs.
builder.Services.AddModulets("default", builder.Configuration.GetSection("Modulets"));
builder.Services.AddModuletsControlSocket();
builder.Services.AddHostedService<WorkLoop>();

builder.Build().Run();
