using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;

namespace Modulets.AspNetCore.Tests.Security;

/// <summary>
/// A remote caller is simulated the way real deployments see one: through a reverse proxy on loopback that the host
/// trusts, which passes the caller's address in <c>X-Forwarded-For</c> (the tests never reach a non-loopback address).
/// </summary>
public class ControlSecurityTests
{
    private const string RemoteAddress = "203.0.113.7";

    [Fact]
    public async Task WithoutAPolicy_ARemoteCaller_Gets403_ForTheApiAndTheDashboard_AndALocalOneIsServed()
    {
        await using var host = await ControlHost.StartAsync(configurePipeline: UseForwardedHeaders);

        using var remoteRead = await SendAsync(host, HttpMethod.Get, "api/managers", remote: true);
        using var remoteDashboard = await SendAsync(host, HttpMethod.Get, "", remote: true);
        using var remoteWrite = await SendAsync(host, HttpMethod.Post, "api/managers/default/isolation/shared", remote: true, body: new { pattern = "Evil" });
        using var local = await SendAsync(host, HttpMethod.Get, "api/managers", remote: false);

        remoteRead.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        remoteDashboard.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        remoteWrite.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await remoteRead.Content.ReadAsStringAsync()).Should().Contain("RequireAuthorization");
        local.StatusCode.Should().Be(HttpStatusCode.OK);
        host.Manager().Isolation.Shared.Should().NotContain("Evil");
        host.Logs.GetSnapshot().Should().Contain(r => r.Id.Id == 202 && r.Message.Contains(RemoteAddress, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithAPolicy_ARemoteCaller_IsServedOnlyWhenThePolicyLetsItIn_AndTheAuditNamesTheUser()
    {
        await using var host = await ControlHost.StartAsync(
            configureServices: builder =>
            {
                builder.Services.AddAuthentication(HeaderAuthenticationHandler.SchemeName)
                    .AddScheme<AuthenticationSchemeOptions, HeaderAuthenticationHandler>(HeaderAuthenticationHandler.SchemeName, null);
                builder.Services.AddAuthorizationBuilder().AddPolicy("operators", policy => policy.RequireAuthenticatedUser().RequireClaim(System.Security.Claims.ClaimTypes.Name, "alice"));
            },
            configurePipeline: app =>
            {
                UseForwardedHeaders(app);
                app.UseAuthentication();
                app.UseAuthorization();
            },
            configureGroup: group => group.RequireAuthorization("operators"));

        using var anonymous = await SendAsync(host, HttpMethod.Get, "api/managers", remote: true);
        using var bob = await SendAsync(host, HttpMethod.Get, "api/managers", remote: true, user: "bob");
        using var alice = await SendAsync(host, HttpMethod.Post, "api/managers/default/isolation/shared", remote: true, user: "alice", body: new { pattern = "Jobs.Contracts" });

        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        bob.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        alice.StatusCode.Should().Be(HttpStatusCode.OK);
        host.Manager().Isolation.Shared.Should().Contain("Jobs.Contracts");
        host.Audit().Should().ContainSingle(r => r.Message.Contains("user 'alice'", StringComparison.Ordinal) && r.Message.Contains("Jobs.Contracts", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Origin", "http://evil.example")]
    [InlineData("Origin", "null")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    public async Task ACrossSiteRequestFromABrowser_IsRefused_AndChangesNothing(string header, string value)
    {
        await using var host = await ControlHost.StartAsync();
        var first = host.Manager().CurrentVersion;
        host.Folder().Write(TestModules.Magic(2));

        using var edit = new HttpRequestMessage(HttpMethod.Post, "api/managers/default/isolation/shared") { Content = JsonContent.Create(new { pattern = "Evil" }) };
        edit.Headers.TryAddWithoutValidation(header, value);
        using var refresh = new HttpRequestMessage(HttpMethod.Post, "api/managers/default/refresh");
        refresh.Headers.TryAddWithoutValidation(header, value);
        using var editResponse = await host.Client.SendAsync(edit);
        using var refreshResponse = await host.Client.SendAsync(refresh);

        editResponse.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        refreshResponse.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        host.Manager().Isolation.Shared.Should().NotContain("Evil");
        host.Manager().CurrentVersion.Should().BeSameAs(first);
    }

    [Fact]
    public async Task ASameOriginRequestFromTheDashboard_IsServed()
    {
        await using var host = await ControlHost.StartAsync();

        using var edit = new HttpRequestMessage(HttpMethod.Post, "api/managers/default/isolation/shared") { Content = JsonContent.Create(new { pattern = "Jobs.Contracts" }) };
        edit.Headers.TryAddWithoutValidation("Origin", host.BaseAddress.GetLeftPart(UriPartial.Authority));
        edit.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "same-origin");
        using var response = await host.Client.SendAsync(edit);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded", "pattern=Evil")]
    [InlineData("text/plain", "{ \"pattern\": \"Evil\" }")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"pattern\"\r\n\r\nEvil\r\n--x--\r\n")]
    public async Task ABodyAFormCouldSend_IsRefused(string contentType, string body)
    {
        await using var host = await ControlHost.StartAsync();

        using var content = new StringContent(body);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        using var response = await host.Client.PostAsync("api/managers/default/isolation/shared", content);

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        host.Manager().Isolation.Shared.Should().NotContain("Evil");
    }

    private static void UseForwardedHeaders(WebApplication app) =>
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor });

    private static async Task<HttpResponseMessage> SendAsync(ControlHost host, HttpMethod method, string path, bool remote, string? user = null, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (remote)
        {
            request.Headers.Add("X-Forwarded-For", RemoteAddress);
        }

        if (user is not null)
        {
            request.Headers.Add("X-Operator", user);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await host.Client.SendAsync(request);
    }
}
