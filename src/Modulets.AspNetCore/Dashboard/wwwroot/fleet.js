// The fleet page of `modulets dashboard`: one row per server and manager, skew marked, live from one merged event stream.
"use strict";

let pending = false;

function render(rows) {
  const body = document.querySelector("#fleet tbody");
  body.replaceChildren();
  for (const fleetRow of rows) {
    const row = body.insertRow();
    row.className = "fleet-row";
    row.dataset.server = String(fleetRow.server);
    row.dataset.manager = fleetRow.manager ?? "";
    row.dataset.skewed = String(fleetRow.skewed);
    row.dataset.unreachable = String(fleetRow.manager === null);
    cell(row, element("a", fleetRow.serverName, { href: `servers/${fleetRow.server}/modulets/`, class: "open" }));
    if (fleetRow.manager === null) {
      cell(row, fleetRow.problem).colSpan = 8;
      continue;
    }
    cell(row, fleetRow.manager);
    const current = fleetRow.current;
    cell(row, current ? element("code", current.shortId, { title: current.id }) : `none: ${fleetRow.problem ?? ""}`, "current");
    cell(row, current ? Object.entries(current.labels).map(([key, value]) => `${key}=${value}`).join(" ") : "");
    cell(row, String(fleetRow.activeJobs));
    cell(row, String(fleetRow.live));
    cell(row, String(fleetRow.draining));
    cell(row, String(fleetRow.leaked), fleetRow.leaked > 0 ? "leaked" : undefined);
    cell(row, fleetRow.skewed ? "≠ skewed" : "", "skew");
  }

  const servers = new Set(rows.map(row => row.server)).size;
  const skewed = rows.filter(row => row.skewed);
  const summary = document.getElementById("summary");
  summary.dataset.skew = String(skewed.length > 0);
  summary.textContent = `${servers} servers · ` + (skewed.length === 0
    ? "every manager runs one version across the fleet"
    : `skew: ${skewed.map(row => `${row.serverName} (${row.manager})`).join(", ")} ${skewed.length === 1 ? "runs" : "run"} another version`);
}

async function load() {
  const response = await fetch("fleet/api/servers");
  if (response.ok) render(await response.json());
}

// The servers' events come in bursts (and job counts every second): reread the fleet at most once a second.
function loadSoon() {
  if (pending) return;
  pending = true;
  setTimeout(() => { pending = false; load(); }, 1000);
}

function follow() {
  const connection = document.getElementById("connection");
  const events = new EventSource("fleet/api/events");
  events.onopen = () => {
    connection.dataset.state = "live";
    connection.textContent = "live";
    loadSoon();
  };
  events.addEventListener("changed", loadSoon);
  events.onerror = () => {
    connection.dataset.state = "lost";
    connection.textContent = "reconnecting…";
  };
}

load();
follow();
setInterval(loadSoon, 5000);
