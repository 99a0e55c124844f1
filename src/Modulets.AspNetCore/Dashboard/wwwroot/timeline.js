// The picture of a manager's versions' lives: one lane per version, from created to collected (or leaked), shaded by
// phase, with the jobs it ran over time drawn in it. Plain SVG built with the DOM: no library, nothing inline.
"use strict";

const timelineWindow = 30 * 60 * 1000;
const shortestWindow = 30 * 1000;
const mostLanes = 12;
const laneHeight = 32;
const axisHeight = 22;
const labelWidth = 170;
const jobsWidth = 80;
const tickSteps = [1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600].map(seconds => seconds * 1000);

function svgElement(tag, attributes = {}, text) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function at(value) {
  return value ? Date.parse(value) : null;
}

// The versions worth a lane: those alive during the window, the newest dozen.
function lanesOf(versions, start) {
  return versions.filter(version => (at(version.collectedAt) ?? Infinity) >= start).slice(-mostLanes);
}

// The jobs a version ran, as steps: [time, count] from start to end.
function jobSteps(samples, versionId, start, end) {
  const steps = [];
  let count = 0;
  for (const sample of samples) {
    const time = Date.parse(sample.at);
    const next = sample.jobs[versionId] ?? 0;
    if (time <= start) {
      count = next;
      continue;
    }
    if (time > end) break;
    steps.push([time, next]);
  }
  return [[start, count], ...steps];
}

function phasesOf(version, end) {
  const retired = at(version.retiredAt);
  const unloaded = at(version.unloadedAt);
  const collected = at(version.collectedAt);
  return [
    [version.state === "Candidate" ? "candidate" : "live", at(version.createdAt), retired ?? end],
    ["draining", retired, unloaded ?? end],
    [version.state === "Leaked" ? "leaked" : "unloading", unloaded, collected ?? end],
  ].filter(([, from, to]) => from !== null && to >= from);
}

function drawAxis(children, start, now, x, height) {
  const step = tickSteps.find(candidate => (now - start) / candidate <= 8) ?? tickSteps[tickSteps.length - 1];
  for (let tick = Math.ceil(start / step) * step; tick <= now; tick += step) {
    children.push(svgElement("line", { class: "grid", x1: x(tick), x2: x(tick), y1: axisHeight - 4, y2: height }));
    children.push(svgElement("text", { class: "tick", x: x(tick), y: axisHeight - 8 }, new Date(tick).toLocaleTimeString()));
  }
}

function drawLane(version, index, samples, start, now, x, mostJobs, width) {
  const lane = svgElement("g", {
    class: "lane",
    "data-version-id": version.id,
    "data-state": version.state,
    transform: `translate(0 ${axisHeight + index * laneHeight})`,
  });
  const top = 4;
  const bottom = laneHeight - 4;
  lane.append(svgElement("text", { class: "lane-id", x: 4, y: laneHeight / 2 }, version.shortId));
  lane.append(svgElement("text", { class: "lane-state", x: 110, y: laneHeight / 2, "data-state": version.state }, version.state));

  for (const [phase, from, to] of phasesOf(version, now)) {
    const left = x(Math.max(from, start));
    const bar = svgElement("rect", { class: `phase ${phase}`, x: left, y: top, width: Math.max(1, x(to) - left), height: bottom - top });
    bar.append(svgElement("title", {}, `${version.shortId} ${phase} from ${new Date(from).toLocaleTimeString()}`));
    lane.append(bar);
  }

  // The jobs run within the version's life: from its creation (or the window's start) until it unloads (or now).
  const lifeStart = Math.max(start, at(version.createdAt));
  const lifeEnd = Math.max(lifeStart, at(version.unloadedAt) ?? now);
  const steps = jobSteps(samples, version.id, lifeStart, lifeEnd);
  const y = count => bottom - (count / mostJobs) * (bottom - top);
  let path = `M ${x(lifeStart)} ${bottom} V ${y(steps[0][1])}`;
  for (const [time, count] of steps.slice(1)) path += ` H ${x(time)} V ${y(count)}`;
  path += ` H ${x(lifeEnd)} V ${bottom} Z`;
  lane.append(svgElement("path", { class: "jobs", d: path }));

  const collected = at(version.collectedAt);
  if (collected !== null && collected >= start) {
    lane.append(svgElement("line", { class: "collected-mark", x1: x(collected), x2: x(collected), y1: top - 2, y2: bottom + 2 }));
  }
  if (version.state === "Leaked") {
    lane.append(svgElement("text", { class: "leak-mark", x: x(now) - 4, y: laneHeight / 2 }, "✕ leaked"));
  }

  const jobsNow = at(version.unloadedAt) === null ? steps[steps.length - 1][1] : 0; // an unloaded version runs nothing
  lane.dataset.jobsNow = String(jobsNow);
  lane.dataset.mostJobs = String(Math.max(...steps.map(([, count]) => count)));
  lane.append(svgElement("text", { class: "lane-jobs", x: width - jobsWidth + 8, y: laneHeight / 2 }, `${jobsNow} jobs`));
  return lane;
}

// Draws the timeline of one manager into its <svg>: model is { versions, samples, clockOffset } from the timeline API.
function drawTimeline(svg, model) {
  const now = Date.now() + model.clockOffset;
  const earliest = Math.min(now - shortestWindow, ...model.versions.map(version => at(version.createdAt) - 2000));
  const start = Math.max(now - timelineWindow, earliest);
  const lanes = lanesOf(model.versions, start);
  const width = Math.max(480, Math.round(svg.getBoundingClientRect().width) || 960);
  const height = axisHeight + Math.max(1, lanes.length) * laneHeight + 4;
  const x = time => labelWidth + ((time - start) / (now - start)) * (width - labelWidth - jobsWidth);
  const mostJobs = Math.max(1, ...model.samples.flatMap(sample => lanes.map(version => sample.jobs[version.id] ?? 0)));

  const children = [];
  drawAxis(children, start, now, x, height);
  lanes.forEach((version, index) => children.push(drawLane(version, index, model.samples, start, now, x, mostJobs, width)));
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("height", height);
  svg.dataset.lanes = String(lanes.length);
  svg.replaceChildren(...children);
}
