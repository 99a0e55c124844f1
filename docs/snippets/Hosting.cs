using Jobs.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Modulets.Docs.Snippets;

public static class Hosting
{
    public static void AddOneManager(HostApplicationBuilder builder)
    {
        #region add-modulets
        builder.Services.AddModulets(o =>
        {
            o.ModulesPath = "/srv/jobs/modules";
            o.SharedServices.Add(typeof(IBillingGateway));   // host services the module's own container may use
        });
        // ... resolve ModuletManager (a singleton) where jobs are started.
        #endregion
    }

    public static void AddSeveralManagers(HostApplicationBuilder builder)
    {
        #region add-named-modulets
        builder.Services.AddModulets("billing", o => o.ModulesPath = "/srv/jobs/billing");
        builder.Services.AddModulets("reports", builder.Configuration.GetSection("Modulets:reports"));
        // appsettings.json: "Modulets": { "reports": { "ModulesPath": "/srv/jobs/reports", "FolderLayout": "VersionedSubfolders",
        //                                              "DrainTimeout": "01:00:00", "Shared": [ "Jobs.Contracts" ] } }
        #endregion
    }
}

#region keyed-manager
public sealed class Invoices([FromKeyedServices("billing")] ModuletManager billing) { /* ... */ }
#endregion
