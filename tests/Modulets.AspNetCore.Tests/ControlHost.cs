using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Modulets.Control;

namespace Modulets.AspNetCore.Tests;

/// <summary>A real web host on a loopback port with the control API mapped, over test module folders, logging into a collector.</summary>
public sealed class ControlHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<ModulesFolder> _folders;

    private ControlHost(WebApplication app, List<ModulesFolder> folders, FakeLogCollector logs)
    {
        _app = app;
        _folders = folders;
        Logs = logs;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        Client = new HttpClient { BaseAddress = new Uri(BaseAddress, "modulets/") };
    }

    public Uri BaseAddress { get; }

    /// <summary>A client whose base address is the control API's prefix, <c>/modulets/</c>.</summary>
    public HttpClient Client { get; }

    public FakeLogCollector Logs { get; }

    public IServiceProvider Services => _app.Services;

    public ModuletManager Manager(string name = ModuletManagerRegistry.DefaultName) => Services.GetRequiredKeyedService<ModuletManager>(name);

    public ModulesFolder Folder(int index = 0) => _folders[index];

    /// <summary>Starts a host with one manager per name, each over its own folder holding magic module 1.</summary>
    public static async Task<ControlHost> StartAsync(
        string[]? managers = null,
        Action<WebApplicationBuilder>? configureServices = null,
        Action<WebApplication>? configurePipeline = null,
        Action<RouteGroupBuilder>? configureGroup = null)
    {
        managers ??= [ModuletManagerRegistry.DefaultName];
        var folders = managers.Select(_ => ModulesFolder.With(TestModules.Magic(1))).ToList();
        var logs = new FakeLogCollector();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddProvider(new FakeLoggerProvider(logs));
        for (var i = 0; i < managers.Length; i++)
        {
            var folder = folders[i].Path;
            builder.Services.AddModulets(managers[i], options =>
            {
                options.ModulesPath = folder;
                options.UpdateDetection = UpdateDetection.Manual;
                options.UnloadTimeout = TimeSpan.FromSeconds(10);
            });
        }

        configureServices?.Invoke(builder);
        var app = builder.Build();
        configurePipeline?.Invoke(app);
        var group = app.MapModulets();
        configureGroup?.Invoke(group);
        await app.StartAsync();
        return new ControlHost(app, folders, logs);
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static Task<T?> ReadAsync<T>(HttpResponseMessage response) => response.Content.ReadFromJsonAsync<T>(ControlJson.Options);

    /// <summary>Gets the audit records (event ids 200 and 201) logged so far.</summary>
    public IReadOnlyList<FakeLogRecord> Audit() => [.. Logs.GetSnapshot().Where(record => record.Id.Id is 200 or 201)];

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _folders.ForEach(folder => folder.Dispose());
    }
}
