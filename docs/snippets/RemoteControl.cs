using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Modulets.Docs.Snippets;

public static class RemoteControl
{
    public static void WebHost(WebApplicationBuilder builder)
    {
        #region web-host
        // A web host: the API under /modulets/api, its events, and the dashboard at /modulets/
        builder.Services.AddModulets("billing", builder.Configuration.GetSection("Modulets:billing"));
        var app = builder.Build();
        app.MapModulets("/modulets").RequireAuthorization("operators");
        #endregion
    }

    public static void WorkerHost(HostApplicationBuilder builder)
    {
        #region control-socket
        // A worker host without a web server: the same API on an owner-only Unix socket of this process
        builder.Services.AddModulets(o => o.ModulesPath = "/srv/jobs/modules");
        builder.Services.AddModuletsControlSocket();
        #endregion
    }
}
