using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Modulets.Control;

namespace Modulets.AspNetCore;

/// <summary>The JSON routes of the control API, under <c>{prefix}/api</c>; every mutation is written to the audit log.</summary>
internal sealed class ControlApi(ModuletManagerRegistry registry, JobCountHistory history, ILogger logger)
{
    public void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/managers", () => Json(registry.Managers.Select(ManagerStatus.From).ToList()));
        api.MapGet("/managers/{name}", (string name) => WithManager(name, manager => Json(ManagerStatus.From(manager))));
        api.MapGet("/managers/{name}/versions", (string name) => WithManager(name, manager => Json(manager.Versions.Select(VersionStatus.From).ToList())));
        api.MapGet("/managers/{name}/versions/{id}", (string name, string id) => WithVersion(name, id, (_, version) => Json(VersionStatus.From(version))));
        api.MapGet("/managers/{name}/timeline", (string name) => WithManager(name, manager => Json(Timeline(manager))));
        api.MapGet("/managers/{name}/jobs", (string name, string? version) => WithManager(name, manager => Json(Jobs(manager, version))));
        api.MapGet("/managers/{name}/isolation", (string name) => WithManager(name, manager => Json(IsolationStatus.From(manager.Isolation))));
        api.MapPost("/managers/{name}/isolation/{list}", AddPatternAsync);
        api.MapDelete("/managers/{name}/isolation/{list}/{pattern}", RemovePattern);
        api.MapPost("/managers/{name}/refresh", RefreshAsync);
        api.MapPost("/managers/{name}/versions/{id}/purge", Purge);
        api.MapPost("/managers/{name}/versions/{id}/upgrade", RequestUpgrade);
        api.MapGet("/managers/{name}/rollout", (string name) => WithManager(name, manager => Json(new ManagerRollout(manager.Name, manager.Rollout is { } rollout ? RolloutReport.From(rollout) : null))));
        api.MapPost("/managers/{name}/rollout/promote", (HttpContext http, string name) => SteerRollout(http, name, "promote the candidate", manager => manager.PromoteCandidate()));
        api.MapPost("/managers/{name}/rollout/abort", (HttpContext http, string name) => SteerRollout(http, name, "abort the rollout", manager => manager.AbortRollout()));
        api.MapGet("/events", (HttpContext http, string? manager) => WithManagers(manager, managers =>
            TypedResults.ServerSentEvents(ControlEventStream.ReadAsync(managers, history, http.RequestAborted))));
    }

    private static JsonHttpResult<T> Json<T>(T value) => TypedResults.Json(value, ControlJson.Options);

    private static ProblemHttpResult Problem(int status, string title, string detail) => TypedResults.Problem(detail, statusCode: status, title: title);

    private ManagerTimeline Timeline(ModuletManager manager) =>
        new(manager.Name, history.Now, [.. manager.Versions.Select(VersionStatus.From)], history.For(manager.Name));

    private static List<JobStatus> Jobs(ModuletManager manager, string? version)
    {
        var jobs = manager.Jobs.AsEnumerable();
        if (version is { Length: > 0 })
        {
            jobs = jobs.Where(job => job.Version.Id.StartsWith(version, StringComparison.OrdinalIgnoreCase));
        }

        return [.. jobs.Select(JobStatus.From)];
    }

    private async Task<IResult> AddPatternAsync(HttpContext http, string name, string list)
    {
        PatternRequest? request;
        try
        {
            request = await http.Request.ReadFromJsonAsync<PatternRequest>(ControlJson.Options, http.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return Refused(http, $"add a pattern to the {list} list", name, Problem(400, "Bad request", $"The body must be JSON such as {{ \"pattern\": \"Jobs.Contracts\" }}: {e.Message}"));
        }

        return EditList(http, name, list, request?.Pattern, add: true);
    }

    private IResult RemovePattern(HttpContext http, string name, string list, string pattern) => EditList(http, name, list, pattern, add: false);

    private IResult EditList(HttpContext http, string name, string list, string? pattern, bool add)
    {
        var action = add ? $"add '{pattern}' to the {list} list" : $"remove '{pattern}' from the {list} list";
        if (!registry.TryGet(name, out var manager))
        {
            return Refused(http, action, name, UnknownManager(name));
        }

        if (ParseList(list) is not { } which)
        {
            return Refused(http, action, name, Problem(404, "Not found", $"There is no isolation list '{list}': the lists are 'shared' (the black list) and 'isolated' (the white list)."));
        }

        var policy = manager.Isolation;
        try
        {
            if (!add && !(which == IsolationList.Shared ? policy.Shared : policy.Isolated).Contains(pattern!, StringComparer.OrdinalIgnoreCase))
            {
                return Refused(http, action, name, Problem(404, "Not found", $"'{pattern}' is not in the {list} list of manager '{name}'."));
            }

            _ = (which, add) switch
            {
                (IsolationList.Shared, true) => policy.Share(pattern!),
                (IsolationList.Shared, false) => policy.StopSharing(pattern!),
                (IsolationList.Isolated, true) => policy.Isolate(pattern!),
                _ => policy.StopIsolating(pattern!),
            };
        }
        catch (ArgumentException e)
        {
            return Refused(http, action, name, Problem(400, "Bad pattern", e.Message));
        }

        var lists = IsolationStatus.From(policy);
        Log.ActionDone(logger, ControlCaller.Describe(http), action, name, $"shared [{string.Join(", ", lists.Shared)}], isolated [{string.Join(", ", lists.Isolated)}]; versions created from now on use them");
        return Json(lists);
    }

    private async Task<IResult> RefreshAsync(HttpContext http, string name)
    {
        const string Action = "refresh";
        if (!registry.TryGet(name, out var manager))
        {
            return Refused(http, Action, name, UnknownManager(name));
        }

        try
        {
            var current = await manager.RefreshAsync(http.RequestAborted).ConfigureAwait(false);
            Log.ActionDone(logger, ControlCaller.Describe(http), Action, name, $"version {current.ShortId} is current");
            return Json(VersionStatus.From(current));
        }
        catch (ModuleLoadException e)
        {
            return Refused(http, Action, name, Problem(409, "No good version", e.Message));
        }
        catch (ObjectDisposedException)
        {
            return Refused(http, Action, name, Problem(503, "Stopping", $"Manager '{name}' is shutting down."));
        }
    }

    private IResult Purge(HttpContext http, string name, string id)
    {
        var action = $"purge version {id}";
        return WithVersion(
            name,
            id,
            (manager, version) =>
            {
                try
                {
                    var canceled = manager.Purge(version);
                    Log.ActionDone(logger, ControlCaller.Describe(http), action, name, canceled ? $"the jobs of version {version.ShortId} were cancelled" : $"version {version.ShortId} had no jobs to cancel");
                    return Json(new PurgeResult(canceled, VersionStatus.From(version)));
                }
                catch (ObjectDisposedException)
                {
                    return Refused(http, action, name, Problem(503, "Stopping", $"Manager '{name}' is shutting down."));
                }
                catch (InvalidOperationException e)
                {
                    return Refused(http, action, name, Problem(409, "Version is current", e.Message));
                }
            },
            notFound => Refused(http, action, name, notFound));
    }

    private IResult RequestUpgrade(HttpContext http, string name, string id)
    {
        var action = $"request an upgrade of the jobs on version {id}";
        return WithVersion(
            name,
            id,
            (manager, version) =>
            {
                var told = manager.RequestUpgrade(version);
                Log.ActionDone(logger, ControlCaller.Describe(http), action, name, $"{told} upgradable jobs on version {version.ShortId} were told to hand off");
                return Json(new UpgradeRequestResult(told, VersionStatus.From(version)));
            },
            notFound => Refused(http, action, name, notFound));
    }

    private IResult SteerRollout(HttpContext http, string name, string action, Func<ModuletManager, RolloutStatus?> steer)
    {
        if (!registry.TryGet(name, out var manager))
        {
            return Refused(http, action, name, UnknownManager(name));
        }

        try
        {
            if (steer(manager) is not { } ended)
            {
                return Refused(http, action, name, Problem(409, "No rollout in progress", $"Manager '{name}' has no candidate to steer: {(manager.Rollout is { } last ? $"its last rollout ended ({last})" : "it has had no canary rollout (ModuletOptions.Canary is not set, or no new content arrived)")}."));
            }

            Log.ActionDone(logger, ControlCaller.Describe(http), action, name, $"candidate {ended.Candidate.ShortId} was {(ended.State == RolloutState.Promoted ? "promoted" : "rolled back")}; version {manager.CurrentVersion.ShortId} is current");
            return Json(RolloutReport.From(ended));
        }
        catch (ObjectDisposedException)
        {
            return Refused(http, action, name, Problem(503, "Stopping", $"Manager '{name}' is shutting down."));
        }
    }

    private ProblemHttpResult Refused(HttpContext http, string action, string manager, ProblemHttpResult problem)
    {
        Log.ActionRefused(logger, ControlCaller.Describe(http), action, manager, problem.StatusCode, problem.ProblemDetails.Detail ?? problem.ProblemDetails.Title ?? "refused");
        return problem;
    }

    private static IsolationList? ParseList(string list) => list.ToLowerInvariant() switch
    {
        "shared" => IsolationList.Shared,
        "isolated" => IsolationList.Isolated,
        _ => null,
    };

    private ProblemHttpResult UnknownManager(string name) =>
        Problem(404, "Not found", $"No manager is named '{name}'; this host has {string.Join(", ", registry.Names.Select(n => $"'{n}'"))}.");

    private IResult WithManager(string name, Func<ModuletManager, IResult> answer) =>
        registry.TryGet(name, out var manager) ? answer(manager) : UnknownManager(name);

    private IResult WithManagers(string? name, Func<IReadOnlyList<ModuletManager>, IResult> answer)
    {
        if (name is null)
        {
            return answer([.. registry.Managers]);
        }

        return WithManager(name, manager => answer([manager]));
    }

    private IResult WithVersion(string name, string id, Func<ModuletManager, ModuleVersion, IResult> answer, Func<ProblemHttpResult, IResult>? onNotFound = null)
    {
        onNotFound ??= static problem => problem;
        if (!registry.TryGet(name, out var manager))
        {
            return onNotFound(UnknownManager(name));
        }

        return manager.FindVersion(id) is { } version
            ? answer(manager, version)
            : onNotFound(Problem(404, "Not found", $"Manager '{name}' has no version '{id}' (give a full id, or a unique prefix of at least 4 characters)."));
    }
}
