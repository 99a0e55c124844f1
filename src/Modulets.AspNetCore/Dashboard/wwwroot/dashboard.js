// The Modulets dashboard: reads the control API next to this page, and follows its event stream.
"use strict";

const api = "api";
const views = new Map();
const timelines = new Map();
const pending = new Set();
const samplesKept = 60 * 60 * 1000;

async function call(method, path, body) {
  const response = await fetch(`${api}/${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw new Error(data?.detail ?? `${method} ${path}: ${response.status}`);
  }
  return data;
}

function showError(error) {
  const box = document.getElementById("error");
  box.textContent = error ? String(error.message ?? error) : "";
  box.hidden = !error;
}

async function act(work) {
  try {
    showError(null);
    await work();
  } catch (error) {
    showError(error);
  }
}

function age(since) {
  const seconds = Math.max(0, (Date.now() - Date.parse(since)) / 1000);
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 129600) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} d`;
}

function time(value) {
  return value ? new Date(value).toLocaleTimeString() : "";
}

function viewOf(name) {
  let view = views.get(name);
  if (!view) {
    view = document.getElementById("manager-template").content.firstElementChild.cloneNode(true);
    view.dataset.manager = name;
    view.querySelector(".manager-name").textContent = name;
    view.querySelector(".refresh").addEventListener("click", () => act(async () => {
      await call("POST", `managers/${encodeURIComponent(name)}/refresh`);
      await load(name);
    }));
    for (const action of ["promote", "abort"]) {
      view.querySelector(`.rollout .${action}`).addEventListener("click", () => act(async () => {
        if (action === "abort" && !confirm("Roll the candidate back on this server?")) return;
        await call("POST", `managers/${encodeURIComponent(name)}/rollout/${action}`);
        await load(name);
      }));
    }
    for (const list of view.querySelectorAll(".list")) {
      list.querySelector("form").addEventListener("submit", event => {
        event.preventDefault();
        const input = event.target.elements.pattern;
        act(async () => {
          await call("POST", `managers/${encodeURIComponent(name)}/isolation/${list.dataset.list}`, { pattern: input.value.trim() });
          input.value = "";
          await load(name);
        });
      });
    }
    document.getElementById("managers").append(view);
    views.set(name, view);
  }
  return view;
}

function renderLists(view, name, isolation) {
  for (const list of view.querySelectorAll(".list")) {
    const ul = list.querySelector("ul");
    ul.replaceChildren(...isolation[list.dataset.list].map(pattern => {
      const li = element("li", pattern, { "data-pattern": pattern });
      const remove = element("button", "×", { type: "button", title: `Remove ${pattern}`, "aria-label": `Remove ${pattern}` });
      remove.addEventListener("click", () => act(async () => {
        await call("DELETE", `managers/${encodeURIComponent(name)}/isolation/${list.dataset.list}/${encodeURIComponent(pattern)}`);
        await load(name);
      }));
      li.append(remove);
      return li;
    }));
  }
}

function renderVersions(view, name, versions) {
  const body = view.querySelector("table.versions tbody");
  body.replaceChildren();
  for (const version of [...versions].reverse()) {
    const row = body.insertRow();
    row.className = "version";
    row.dataset.versionId = version.id;
    row.dataset.state = version.state;
    cell(row, element("code", version.shortId, { title: version.id }));
    cell(row, element("span", version.state, { class: "state", "data-state": version.state }));
    cell(row, String(version.activeJobs)).className = "active-jobs";
    cell(row, version.jobsFaulted ? `${version.jobsStarted} (${version.jobsFaulted} faulted)` : String(version.jobsStarted));
    cell(row, age(version.createdAt));
    const timeline = element("span", undefined, { class: "timeline" });
    for (const [label, at] of [["created", version.createdAt], ["retired", version.retiredAt], ["purged", version.purgedAt], ["unloaded", version.unloadedAt], ["collected", version.collectedAt]]) {
      if (label === "purged" && !at) continue;
      timeline.append(element("span", at ? `${label} ${time(at)}` : label, { "data-reached": String(Boolean(at)) }));
    }
    const lifeCycle = cell(row, timeline);
    if (version.leakReport) lifeCycle.append(element("div", version.leakReport, { class: "leak" }));
    cell(row, Object.entries(version.labels).map(([key, value]) => `${key}=${value}`).join(" "));
    const actions = cell(row, "");
    if (version.state === "Draining" || version.state === "Leaked") {
      const purge = element("button", "Purge", { type: "button", class: "purge", title: "Cancel the jobs still running on this version" });
      purge.addEventListener("click", () => act(async () => {
        if (!confirm(`Cancel the ${version.activeJobs} jobs still running on ${version.shortId}?`)) return;
        await call("POST", `managers/${encodeURIComponent(name)}/versions/${version.id}/purge`);
        await load(name);
      }));
      actions.append(purge);
    }
  }
}

const rolloutStates = { InProgress: "in progress", Promoted: "promoted", RolledBack: "rolled back", Superseded: "superseded" };

function percent(rate) {
  return `${Math.round(rate * 1000) / 10}%`;
}

// The candidate and the stable version side by side, with the split of new jobs between them.
function renderRollout(view, rollout) {
  const panel = view.querySelector(".rollout");
  panel.hidden = !rollout;
  if (!rollout) return;
  panel.dataset.state = rollout.state;
  const state = panel.querySelector(".rollout-state");
  state.textContent = rolloutStates[rollout.state] ?? rollout.state;
  state.dataset.state = rollout.state;
  panel.querySelector(".rollout-step").textContent = `step ${rollout.step} of ${rollout.stepCount}`;
  panel.querySelector(".rollout-split").value = rollout.percent;
  const inProgress = rollout.state === "InProgress";
  const sides = {
    candidate: [rollout.candidate, rollout.percent, rollout.candidateJobsEnded, rollout.candidateJobsFaulted, rollout.candidateFailureRate],
    stable: [rollout.stable, inProgress ? 100 - rollout.percent : rollout.state === "Promoted" ? 0 : 100, rollout.stableJobsEnded, rollout.stableJobsFaulted, rollout.stableFailureRate],
  };
  for (const [side, [version, share, ended, faulted, rate]] of Object.entries(sides)) {
    const row = panel.querySelector(`tr[data-side="${side}"]`);
    row.dataset.versionId = version.id;
    row.querySelector(".version").replaceChildren(element("code", version.shortId, { title: version.id }));
    row.querySelector(".share").textContent = `${share}%`;
    row.querySelector(".ended").textContent = String(ended);
    row.querySelector(".faulted").textContent = String(faulted);
    row.querySelector(".rate").textContent = percent(rate);
  }
  panel.querySelector(".rollout-reason").textContent = rollout.reason;
  panel.querySelector(".rollout-actions").hidden = !inProgress;
}

function render(status, timeline) {
  const view = viewOf(status.name);
  const versions = timeline.versions;
  view.querySelector(".current-version").textContent = status.currentVersion?.shortId ?? "none";
  view.querySelector(".jobs").textContent = `${status.activeJobs} jobs running`;
  view.querySelector(".source").textContent = `from ${status.source}`;
  const problem = view.querySelector(".problem");
  problem.textContent = status.currentVersionProblem ?? "";
  problem.hidden = !status.currentVersionProblem;
  renderRollout(view, status.rollout);
  renderLists(view, status.name, status.isolation);
  renderVersions(view, status.name, versions);
  timelines.set(status.name, { versions, samples: timeline.samples, clockOffset: Date.parse(timeline.now) - Date.now() });
  drawTimeline(view.querySelector("svg.timeline"), timelines.get(status.name));
}

async function load(name) {
  const path = `managers/${encodeURIComponent(name)}`;
  const [status, timeline] = await Promise.all([call("GET", path), call("GET", `${path}/timeline`)]);
  render(status, timeline);
}

// A new count of the jobs: the timeline gains it at once, without asking the server again.
function addSample(name, sample) {
  const model = timelines.get(name);
  if (!model) return;
  model.samples.push(sample);
  const oldest = Date.parse(sample.at) - samplesKept;
  while (model.samples.length > 1 && Date.parse(model.samples[1].at) < oldest) model.samples.shift();
  drawTimeline(views.get(name).querySelector("svg.timeline"), model);
}

// Events come in bursts (a swap moves two versions at once): reload each manager once per burst.
function reloadSoon(name) {
  if (pending.has(name)) return;
  pending.add(name);
  setTimeout(() => { pending.delete(name); act(() => load(name)); }, 100);
}

function follow() {
  const connection = document.getElementById("connection");
  const events = new EventSource(`${api}/events`);
  events.addEventListener("connected", event => {
    connection.dataset.state = "live";
    connection.textContent = "live";
    for (const status of JSON.parse(event.data)) reloadSoon(status.name);
  });
  for (const type of ["versionStateChanged", "isolationChanged", "updateRejected", "rolloutChanged"]) {
    events.addEventListener(type, event => {
      const data = JSON.parse(event.data);
      if (type === "updateRejected") showError(`Update rejected for ${data.manager}: ${data.reason} ${data.consequence}`);
      reloadSoon(data.manager);
    });
  }
  events.addEventListener("jobsSampled", event => {
    const data = JSON.parse(event.data);
    addSample(data.manager, data.sample);
  });
  events.onerror = () => {
    connection.dataset.state = "lost";
    connection.textContent = "reconnecting…";
  };
}

// Time moves the timelines' right edge; ages and the table move without events, and a slow poll keeps them honest.
setInterval(() => { for (const [name, model] of timelines) drawTimeline(views.get(name).querySelector("svg.timeline"), model); }, 1000);
setInterval(() => { for (const name of views.keys()) reloadSoon(name); }, 5000);
follow();
