// lapwing dashboard: one filter state drives the map, timeline, network and table.
// Everything is aggregated by the server (/stats, /map); the table pages with cursors.
// Data only ever reaches the page through textContent / d3 .text(), never as HTML.
"use strict";

const QUADS = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };
const QUAD_COLORS = { 1: "#4e79a7", 2: "#59a14f", 3: "#f28e2b", 4: "#e15759" };
const PAGE = 25;
const FILTER_KEYS = ["since", "until", "country", "event_type", "quad_class", "actor", "q", "modality", "bbox"];

const state = { filters: {}, cursors: [null], page: 0, world: null, iso: {}, typeColor: null };

// ---------------------------------------------------------------- plumbing

function filterParams(extra = {}) {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = state.filters[key];
    if (value) params.set(key, value);
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value !== null && value !== undefined && value !== "") params.set(key, value);
  }
  return params;
}

async function getJSON(path, params) {
  const url = params ? `${path}?${params}` : path;
  const headers = { Accept: "application/json" };
  const token = sessionStorage.getItem("lapwing-token");
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(url, { headers });
  if (response.status === 401 && !getJSON.asked) {
    getJSON.asked = true;
    const given = window.prompt("This server needs a token to read:");
    if (given) {
      sessionStorage.setItem("lapwing-token", given);
      return getJSON(path, params);
    }
  }
  if (!response.ok) {
    let detail = response.statusText;
    try { detail = JSON.stringify((await response.json()).detail); } catch (_) { /* not JSON */ }
    throw new Error(`${response.status} ${detail}`);
  }
  return response.json();
}

function showError(error) {
  const box = document.getElementById("error");
  box.textContent = `Could not load data: ${error.message}`;
  box.hidden = false;
  setTimeout(() => { box.hidden = true; }, 6000);
}

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function size(svg) {
  const box = svg.node().getBoundingClientRect();
  return [Math.max(200, box.width), Math.max(150, box.height)];
}

// ---------------------------------------------------------------- filters

function readForm() {
  const form = document.getElementById("filters");
  const data = new FormData(form);
  const filters = {};
  for (const key of FILTER_KEYS) {
    const value = (data.get(key) || "").toString().trim();
    if (value) filters[key] = value;
  }
  if (state.filters.bbox) filters.bbox = state.filters.bbox;
  return filters;
}

function writeForm() {
  for (const key of FILTER_KEYS) {
    const input = document.querySelector(`#filters [name="${key}"]`);
    if (!input) continue;
    const value = state.filters[key] || "";
    if (input.tagName === "SELECT" && value && !Array.from(input.options).some((o) => o.value === value)) {
      input.append(el("option", { value }, value));
    }
    input.value = value;
  }
  document.getElementById("f-bbox").hidden = !state.filters.bbox;
}

function setFilters(filters) {
  state.filters = Object.fromEntries(Object.entries(filters).filter(([, v]) => v));
  state.cursors = [null];
  state.page = 0;
  const params = filterParams();
  history.replaceState(null, "", params.toString() ? `/?${params}` : "/");
  writeForm();
  refresh();
}

function patchFilters(change) {
  setFilters({ ...state.filters, ...change });
}

// ---------------------------------------------------------------- views

async function refresh() {
  const stats = getJSON("/stats", filterParams({ group_by: "event_type", top: 30, dyads: 40 }));
  const countries = getJSON("/stats", filterParams({ group_by: "country", interval: "none", top: 0, dyads: 0 }));
  const points = getJSON("/map", filterParams({ precision: state.filters.country || state.filters.bbox ? 1 : 0, limit: 1500 }));
  try {
    const [s, c, m] = await Promise.all([stats, countries, points]);
    renderSummary(s);
    renderTimeline(s);
    renderNetwork(s.dyads);
    renderMap(c.groups, m);
    fillOptions(s, c);
  } catch (error) {
    showError(error);
  }
  await loadTable();
}

function renderSummary(stats) {
  const span = stats.first ? ` from ${stats.first} to ${stats.last}` : "";
  document.getElementById("summary").textContent = `${stats.total.toLocaleString()} events${span}`;
}

function fillOptions(stats, countries) {
  const types = document.getElementById("f-type");
  const countrySelect = document.getElementById("f-country");
  refill(types, stats.groups.map((g) => [g.key, `${g.key} (${g.count})`]));
  refill(countrySelect, countries.groups.filter((g) => g.key).map((g) => [g.key, `${g.key} (${g.count})`]));
  const list = document.getElementById("actor-codes");
  list.replaceChildren(...stats.top_actors.map((a) => el("option", { value: a.code }, a.name || "")));
  writeForm();
}

function refill(select, entries) {
  const current = select.value;
  const keep = select.options[0];
  select.replaceChildren(keep, ...entries.map(([value, label]) => el("option", { value }, label)));
  select.value = current;
}

// -- map

async function loadWorld() {
  if (!state.world) {
    const [world, iso] = await Promise.all([
      getJSON("/dashboard/vendor/countries-110m.json"),
      getJSON("/dashboard/countries.json"),
    ]);
    state.world = topojson.feature(world, world.objects.countries);
    state.iso = iso;
  }
  return state.world;
}

async function renderMap(countryGroups, map) {
  const world = await loadWorld();
  const svg = d3.select("#map");
  const [width, height] = size(svg);
  svg.attr("viewBox", `0 0 ${width} ${height}`);
  const projection = d3.geoNaturalEarth1().fitExtent([[4, 4], [width - 4, height - 4]], { type: "Sphere" });
  const path = d3.geoPath(projection);
  const counts = new Map(countryGroups.map((g) => [g.key, g.count]));
  svg.selectAll("*").remove();
  svg.append("path").attr("class", "sphere").attr("d", path({ type: "Sphere" }));
  svg.append("g").selectAll("path").data(world.features).join("path")
    .attr("d", path)
    .attr("data-iso", (d) => state.iso[d.id] || "")
    .attr("class", (d) => {
      const iso = state.iso[d.id];
      let name = "country";
      if (counts.has(iso)) name += " has-events";
      if (iso && iso === state.filters.country) name += " selected";
      return name;
    })
    .on("click", (_, d) => {
      const iso = state.iso[d.id];
      if (iso) patchFilters({ country: state.filters.country === iso ? "" : iso, bbox: "" });
    })
    .append("title").text((d) => {
      const iso = state.iso[d.id];
      return `${d.properties.name}${iso ? ` (${iso})` : ""}: ${counts.get(iso) || 0} events`;
    });
  const radius = d3.scaleSqrt().domain([1, d3.max(map.points, (p) => p.count) || 1]).range([3, 16]);
  svg.append("g").selectAll("circle").data(map.points.slice().reverse()).join("circle")
    .attr("class", (p) => `point q${p.quad_class}`)
    .attr("cx", (p) => projection([p.lon, p.lat])[0])
    .attr("cy", (p) => projection([p.lon, p.lat])[1])
    .attr("r", (p) => radius(p.count))
    .on("click", (_, p) => {
      const half = 0.05 + 0.5 * 10 ** -map.precision;
      const box = [p.lon - half, p.lat - half, p.lon + half, p.lat + half]
        .map((v, i) => Math.max(i % 2 ? -90 : -180, Math.min(i % 2 ? 90 : 180, v)).toFixed(3));
      patchFilters({ bbox: box.join(",") });
    })
    .append("title").text((p) => `${p.lat}°, ${p.lon}°: ${p.count} event(s), mostly ${QUADS[p.quad_class]}; click to list them`);
  const note = map.shown < map.located
    ? `${map.points.length} places, ${map.shown} of ${map.located} located events`
    : `${map.located} located events at ${map.points.length} places`;
  document.getElementById("map-note").textContent = note;
  const legend = d3.select("#quad-legend");
  legend.selectAll("li").data(Object.entries(QUADS)).join((enter) => {
    const li = enter.append("li");
    li.append("span").attr("class", ([q]) => `swatch badge q${q}`);
    li.append("span").text(([q, name]) => `${q} ${name}`);
    return li;
  });
}

// -- timeline

function renderTimeline(stats) {
  const svg = d3.select("#timeline");
  const [width, height] = size(svg);
  svg.attr("viewBox", `0 0 ${width} ${height}`).selectAll("*").remove();
  const types = stats.groups.map((g) => g.key);
  const palette = d3.schemeTableau10.concat(d3.schemeSet3);
  state.typeColor = d3.scaleOrdinal(types, palette);
  document.getElementById("timeline-note").textContent =
    stats.interval ? `events per ${stats.interval}, by type` : "";
  const periods = Array.from(new Set(stats.series.map((p) => p.period))).sort();
  const rows = new Map(periods.map((p) => [p, { period: p }]));
  for (const point of stats.series) rows.get(point.period)[point.key] = point.count;
  const data = periods.map((p) => rows.get(p));
  const margin = { top: 8, right: 8, bottom: 22, left: 34 };
  if (!data.length) {
    svg.append("text").attr("x", width / 2).attr("y", height / 2).attr("text-anchor", "middle")
      .attr("class", "empty").text("No events match these filters.");
    d3.select("#type-legend").selectAll("li").remove();
    return;
  }
  const stack = d3.stack().keys(types).value((d, key) => d[key] || 0)(data);
  const x = d3.scaleBand(periods, [margin.left, width - margin.right]).padding(0.15);
  const y = d3.scaleLinear([0, d3.max(stack, (layer) => d3.max(layer, (d) => d[1])) || 1], [height - margin.bottom, margin.top]).nice();
  svg.append("g").selectAll("g").data(stack).join("g")
    .attr("fill", (layer) => state.typeColor(layer.key))
    .selectAll("rect").data((layer) => layer.map((d) => Object.assign(d, { key: layer.key }))).join("rect")
    .attr("x", (d) => x(d.data.period)).attr("width", x.bandwidth())
    .attr("y", (d) => y(d[1])).attr("height", (d) => Math.max(0, y(d[0]) - y(d[1])))
    .append("title").text((d) => `${d.data.period} ${d.key}: ${d[1] - d[0]}`);
  const every = Math.max(1, Math.ceil(periods.length / 8));
  svg.append("g").attr("class", "axis").attr("transform", `translate(0,${height - margin.bottom})`)
    .call(d3.axisBottom(x).tickValues(periods.filter((_, i) => i % every === 0)).tickSizeOuter(0));
  svg.append("g").attr("class", "axis").attr("transform", `translate(${margin.left},0)`)
    .call(d3.axisLeft(y).ticks(5, "~s"));
  d3.select("#type-legend").selectAll("li").data(stats.groups, (g) => g.key).join((enter) => {
    const li = enter.append("li");
    li.append("span").attr("class", "swatch");
    li.append("span").attr("class", "label");
    return li;
  })
    .on("click", (_, g) => patchFilters({ event_type: state.filters.event_type === g.key ? "" : g.key }))
    .call((li) => li.select(".swatch").style("background", (g) => state.typeColor(g.key)))
    .call((li) => li.select(".label").text((g) => `${g.key} ${g.count}`));
}

// -- network

function renderNetwork(dyads) {
  const svg = d3.select("#network");
  const [width, height] = size(svg);
  svg.attr("viewBox", `0 0 ${width} ${height}`).selectAll("*").remove();
  if (!dyads.length) {
    svg.append("text").attr("x", width / 2).attr("y", height / 2).attr("text-anchor", "middle")
      .attr("class", "empty").text("No actor pairs in these events.");
    return;
  }
  const weight = new Map();
  for (const d of dyads) {
    weight.set(d.actor, (weight.get(d.actor) || 0) + d.count);
    weight.set(d.recipient, (weight.get(d.recipient) || 0) + d.count);
  }
  const nodes = Array.from(weight, ([id, count]) => ({ id, count }));
  const links = dyads.map((d) => {
    const quad = Object.entries(d.quad_classes).sort((a, b) => b[1] - a[1])[0][0];
    return { source: d.actor, target: d.recipient, count: d.count, quad };
  });
  const radius = d3.scaleSqrt([1, d3.max(nodes, (n) => n.count)], [4, 16]);
  const stroke = d3.scaleLinear([1, d3.max(links, (l) => l.count)], [1, 6]);
  const simulation = d3.forceSimulation(nodes)
    .force("link", d3.forceLink(links).id((n) => n.id).distance(70))
    .force("charge", d3.forceManyBody().strength(-90))
    .force("x", d3.forceX(0).strength(0.07))
    .force("y", d3.forceY(0).strength(0.07))
    .force("collide", d3.forceCollide((n) => radius(n.count) + 8))
    .stop();
  // A fixed number of ticks, then one static drawing: the same data gives the same picture.
  for (let i = 0; i < 300; i += 1) simulation.tick();
  // Scale the layout into the panel (labels need room on the right).
  const xs = d3.extent(nodes, (n) => n.x);
  const ys = d3.extent(nodes, (n) => n.y);
  const fitX = d3.scaleLinear(xs[0] === xs[1] ? [xs[0] - 1, xs[1] + 1] : xs, [24, width - 70]);
  const fitY = d3.scaleLinear(ys[0] === ys[1] ? [ys[0] - 1, ys[1] + 1] : ys, [20, height - 20]);
  for (const n of nodes) {
    n.x = fitX(n.x);
    n.y = fitY(n.y);
  }
  const defs = svg.append("defs");
  for (const [q, color] of Object.entries(QUAD_COLORS)) {
    defs.append("marker").attr("id", `arrow-q${q}`).attr("viewBox", "0 -4 8 8").attr("refX", 8)
      .attr("markerUnits", "userSpaceOnUse").attr("markerWidth", 9).attr("markerHeight", 9).attr("orient", "auto")
      .append("path").attr("d", "M0,-4L8,0L0,4").attr("fill", color);
  }
  svg.append("g").selectAll("path").data(links).join("path")
    .attr("class", "link")
    .attr("stroke", (l) => QUAD_COLORS[l.quad])
    .attr("stroke-width", (l) => stroke(l.count))
    .attr("marker-end", (l) => `url(#arrow-q${l.quad})`)
    .attr("d", (l) => {
      const dx = l.target.x - l.source.x;
      const dy = l.target.y - l.source.y;
      const dist = Math.hypot(dx, dy) || 1;
      const r = radius(l.target.count) + 2;
      const tx = l.target.x - (dx / dist) * r;
      const ty = l.target.y - (dy / dist) * r;
      // a slight curve keeps A->B and B->A apart
      const mx = (l.source.x + tx) / 2 - dy * 0.12;
      const my = (l.source.y + ty) / 2 + dx * 0.12;
      return `M${l.source.x},${l.source.y}Q${mx},${my} ${tx},${ty}`;
    })
    .append("title").text((l) => `${l.source.id} → ${l.target.id}: ${l.count} event(s)`);
  const node = svg.append("g").selectAll("g").data(nodes).join("g")
    .attr("class", "node").attr("transform", (n) => `translate(${n.x},${n.y})`)
    .on("click", (_, n) => patchFilters({ actor: state.filters.actor === n.id ? "" : n.id }));
  node.append("circle").attr("r", (n) => radius(n.count));
  node.append("text").attr("x", (n) => radius(n.count) + 2).attr("dy", "0.35em").text((n) => n.id);
  node.append("title").text((n) => `${n.id}: ${n.count} event(s) in these dyads`);
}

// -- table

async function loadTable() {
  const cursor = state.cursors[state.page];
  const params = filterParams({ sort: "-date", limit: PAGE, cursor, count: state.page === 0 ? "true" : "" });
  let page;
  try {
    page = await getJSON("/events", params);
  } catch (error) {
    showError(error);
    return;
  }
  if (page.total !== null && page.total !== undefined) state.total = page.total;
  if (page.next_cursor) state.cursors[state.page + 1] = page.next_cursor;
  const body = document.querySelector("#events tbody");
  body.replaceChildren(...page.events.map(eventRow));
  if (!page.events.length) {
    const row = el("tr");
    row.append(el("td", { colspan: "6", class: "empty" }, "No events match these filters."));
    body.append(row);
  }
  document.getElementById("prev").disabled = state.page === 0;
  document.getElementById("next").disabled = !page.next_cursor;
  document.getElementById("page-no").textContent = `page ${state.page + 1}`;
  const first = state.page * PAGE + (page.events.length ? 1 : 0);
  document.getElementById("table-note").textContent =
    `${first}–${state.page * PAGE + page.events.length} of ${(state.total || 0).toLocaleString()}, newest first`;
}

function eventRow(event) {
  const row = el("tr", { "data-id": event.id });
  const where = event.location
    ? `${event.location.name}${event.location.country && event.location.country !== event.location.name ? ` (${event.location.country})` : ""}`
    : "–";
  const type = el("td");
  type.append(el("span", { class: `badge q${event.quad_class}`, title: QUADS[event.quad_class] }));
  type.append(document.createTextNode(`${event.event_type} ${event.cameo}`));
  row.append(
    el("td", {}, event.date),
    el("td", {}, (event.actor && event.actor.code) || "–"),
    type,
    el("td", {}, (event.recipient && event.recipient.code) || "–"),
    el("td", {}, where),
    el("td", {}, event.modality),
  );
  row.addEventListener("click", () => {
    document.querySelectorAll("#events tr.active").forEach((r) => r.classList.remove("active"));
    row.classList.add("active");
    openEvent(event.id);
  });
  return row;
}

// -- event panel

async function openEvent(id) {
  let detail;
  try {
    detail = await getJSON(`/events/${encodeURIComponent(id)}`);
  } catch (error) {
    showError(error);
    return;
  }
  const e = detail.event;
  document.getElementById("ev-title").textContent =
    `${e.actor ? e.actor.code || e.actor.text : "?"} ${e.event_type}${e.mode ? ` (${e.mode})` : ""} ${e.recipient ? e.recipient.code || e.recipient.text : ""}`.trim();
  document.getElementById("ev-meta").textContent =
    `${e.date} (${e.date_precision}) · CAMEO ${e.cameo} · QuadClass ${e.quad_class} · ${e.modality} · confidence ${e.confidence.toFixed(2)}`;
  const sentence = document.getElementById("ev-sentence");
  sentence.replaceChildren(...detail.evidence.segments.map((segment) => {
    if (!segment.role) return document.createTextNode(segment.text);
    const classes = [`role-${segment.role}`];
    if (segment.role !== "location" && segment.roles.includes("location")) classes.push("also-location");
    return el("mark", { class: classes.join(" "), "data-role": segment.role, title: segment.roles.join(", ") }, segment.text);
  }));
  const details = document.getElementById("ev-details");
  const rows = [
    ["actor", e.actor && [e.actor.code, e.actor.name || e.actor.text].filter(Boolean).join(" · ")],
    ["recipient", e.recipient && [e.recipient.code, e.recipient.name || e.recipient.text].filter(Boolean).join(" · ")],
    ["place", e.location && [e.location.name, e.location.admin1, e.location.country, e.location.precision].filter(Boolean).join(" · ")],
    ["context", (e.context || []).join(", ")],
    ["Goldstein", e.goldstein],
    ["rule", e.rule],
    ["mentions", `${e.num_mentions} in ${e.num_articles} article(s)`],
  ];
  details.replaceChildren(...rows.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v || "–")]));
  const list = document.getElementById("ev-articles");
  list.replaceChildren(...detail.articles.map((a) => {
    const li = el("li");
    const link = el("a", { href: a.href, target: "_blank", rel: "noopener" }, a.title || a.id);
    li.append(link, document.createTextNode(` ${[a.source, a.date].filter(Boolean).join(", ")}`));
    return li;
  }));
  document.getElementById("event-panel").hidden = false;
}

// ---------------------------------------------------------------- wiring

function start() {
  const params = new URLSearchParams(location.search);
  const filters = {};
  for (const key of FILTER_KEYS) if (params.get(key)) filters[key] = params.get(key);
  document.getElementById("filters").addEventListener("submit", (event) => {
    event.preventDefault();
    setFilters(readForm());
  });
  for (const id of ["f-country", "f-type", "f-quad", "f-modality"]) {
    document.getElementById(id).addEventListener("change", () => setFilters(readForm()));
  }
  document.getElementById("reset").addEventListener("click", () => {
    document.getElementById("filters").reset();
    setFilters({});
  });
  document.getElementById("clear-bbox").addEventListener("click", () => patchFilters({ bbox: "" }));
  document.getElementById("prev").addEventListener("click", () => { state.page -= 1; loadTable(); });
  document.getElementById("next").addEventListener("click", () => { state.page += 1; loadTable(); });
  document.getElementById("close-panel").addEventListener("click", () => {
    document.getElementById("event-panel").hidden = true;
  });
  let resize;
  window.addEventListener("resize", () => {
    clearTimeout(resize);
    resize = setTimeout(refresh, 250);
  });
  setFilters(filters);
}

document.addEventListener("DOMContentLoaded", start);
