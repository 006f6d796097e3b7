// lapwing dashboard: one filter state, kept in the URL, drives the map, timeline, network,
// table and stories. The server aggregates (/timeline, /map, /stats, /facets), so the page
// moves a few hundred rows however many events are stored; the table and stories page
// with cursors. Data only ever reaches the page through textContent / d3 .text().
"use strict";

const QUADS = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };
const QUAD_COLORS = { 1: "#4e79a7", 2: "#59a14f", 3: "#f28e2b", 4: "#e15759" };
const PAGE = 25;
const FILTER_KEYS = [
  "since", "until", "country", "admin1", "location_precision", "event_type", "mode", "quad_class",
  "goldstein_min", "goldstein_max", "actor", "source", "q", "modality", "dyad", "bbox",
];
// set by clicks on the map and network rather than typed in the form
const CLICK_KEYS = ["dyad", "bbox"];
const VIEW_DEFAULTS = { sort: "-date", interval: "auto" };
const SORT_DEFAULT_DESC = new Set(["date", "goldstein", "mentions"]);

const state = {
  filters: {}, view: { ...VIEW_DEFAULTS }, cursors: [null], page: 0, generation: 0,
  world: null, iso: {}, labels: { countries: {}, sectors: {}, groups: {} }, typeColor: null,
  map: null, storyCursor: null,
};

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

function authHeaders() {
  const headers = { Accept: "application/json" };
  const token = sessionStorage.getItem("lapwing-token");
  if (token) headers.Authorization = `Bearer ${token}`;
  return headers;
}

async function getJSON(path, params) {
  const url = params ? `${path}?${params}` : path;
  const response = await fetch(url, { headers: authHeaders() });
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

// ---------------------------------------------------------------- names

// "NERMIL" -> "Niger military", "IGOAFU" -> "African Union" (labels.json, from lapwing.labels)
function actorLabel(code) {
  if (!code) return "–";
  const t = state.labels;
  if (t.groups[code]) return t.groups[code];
  const head = code.slice(0, 3);
  const words = [t.countries[head] || t.sectors[head] || head];
  for (let i = 3; i < code.length; i += 3) {
    const part = code.slice(i, i + 3);
    words.push(t.sectors[part] || part);
  }
  return words.join(" ");
}

function countryName(iso) {
  return (iso && state.labels.countries[iso]) || iso || "";
}

function shorten(text, max) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

// ---------------------------------------------------------------- filters and the URL

function readForm() {
  const data = new FormData(document.getElementById("filters"));
  const filters = {};
  for (const key of FILTER_KEYS) {
    const value = (data.get(key) || "").toString().trim();
    if (value) filters[key] = value;
  }
  for (const key of CLICK_KEYS) if (state.filters[key]) filters[key] = state.filters[key];
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
  const dyad = state.filters.dyad;
  document.getElementById("f-dyad").hidden = !dyad;
  document.getElementById("f-dyad-text").textContent = dyad ? dyad.replace(":", " → ") : "";
  document.getElementById("f-interval").value = state.view.interval;
}

function writeURL() {
  const params = filterParams();
  for (const [key, value] of Object.entries(state.view)) {
    if (value !== VIEW_DEFAULTS[key]) params.set(key, value);
  }
  history.replaceState(null, "", params.toString() ? `/?${params}` : "/");
  for (const link of document.querySelectorAll("#export a[data-format]")) {
    link.href = `/export?${filterParams({ format: link.dataset.format })}`;
  }
}

function setFilters(filters) {
  state.filters = Object.fromEntries(Object.entries(filters).filter(([, v]) => v));
  state.cursors = [null];
  state.page = 0;
  writeURL();
  writeForm();
  refresh({ fit: true });
}

function patchFilters(change) {
  setFilters({ ...state.filters, ...change });
}

function setView(change) {
  Object.assign(state.view, change);
  writeURL();
}

// ---------------------------------------------------------------- loading

async function refresh({ fit = false } = {}) {
  const generation = ++state.generation;
  const current = () => generation === state.generation;
  document.body.dataset.state = "loading";  // tests (and a busy cursor) wait on this
  const stats = getJSON("/stats", filterParams({ group_by: "event_type", interval: "none", top: 30, dyads: 40 }));
  const timeline = getJSON("/timeline", filterParams({ interval: state.view.interval }));
  const facets = getJSON("/facets", filterParams({ limit: 200 }));
  let table = null;
  let stories = null;
  try {
    await ensureStatic();  // names for the table and stories, once
    table = loadTable(current);
    stories = loadStories(true, current);
    const [s, t, f] = await Promise.all([stats, timeline, facets]);
    if (!current()) return;
    renderSummary(t);
    fillOptions(s, f.facets);
    renderTimeline(t, s.groups);
    renderNetwork(s.dyads);
    await loadMap({ fit, current });
  } catch (error) {
    showError(error);
  }
  await Promise.all([table, stories]);
  if (current()) document.body.dataset.state = "ready";
}

async function ensureStatic() {
  if (state.world) return;
  const [world, iso, labels] = await Promise.all([
    getJSON("/dashboard/vendor/countries-110m.json"),
    getJSON("/dashboard/countries.json"),
    getJSON("/dashboard/labels.json"),
  ]);
  state.world = topojson.feature(world, world.objects.countries);
  state.iso = iso;
  state.labels = labels;
}

function renderSummary(timeline) {
  const span = timeline.first ? ` from ${timeline.first} to ${timeline.last}` : "";
  document.getElementById("summary").textContent = `${timeline.total.toLocaleString()} events${span}`;
}

function fillOptions(stats, facets) {
  const label = (f) => `${f.key} (${f.count})`;
  refill("f-type", facets.event_type.map((f) => [f.key, label(f)]));
  refill("f-country", facets.country.map((f) => [f.key, `${f.key} ${countryName(f.key)} (${f.count})`]));
  refill("f-source", facets.source.map((f) => [f.key, label(f)]));
  refill("f-mode", facets.mode.map((f) => [f.key, label(f)]));
  refill("f-admin1", facets.admin1.map((f) => [f.key, `${f.key}, ${f.country} (${f.count})`]));
  const precisions = new Map(facets.location_precision.map((f) => [f.key, f.count]));
  for (const option of document.getElementById("f-precision").options) {
    if (!option.value) continue;
    option.textContent = `${option.value === "admin1" ? "division" : option.value} (${precisions.get(option.value) || 0})`;
  }
  const list = document.getElementById("actor-codes");
  list.replaceChildren(...stats.top_actors.map((a) => el("option", { value: a.code }, actorLabel(a.code))));
  writeForm();
}

function refill(id, entries) {
  const select = document.getElementById(id);
  const keep = select.options[0];
  const seen = new Set(entries.map(([value]) => value));
  select.replaceChildren(keep, ...entries.map(([value, text]) => el("option", { value }, text)));
  const value = state.filters[select.name] || "";
  if (value && !seen.has(value)) select.append(el("option", { value }, value));
  select.value = value;
}

// ---------------------------------------------------------------- map

const DOUBLE_CLICK_MS = 250;
const KIND_SYMBOL = { place: d3.symbolCircle, admin1: d3.symbolSquare, country: d3.symbolCircle, region: d3.symbolDiamond };

function setupMap() {
  const svg = d3.select("#map");
  const [width, height] = size(svg);
  svg.attr("viewBox", `0 0 ${width} ${height}`).selectAll("*").remove();
  const projection = d3.geoNaturalEarth1().fitExtent([[4, 4], [width - 4, height - 4]], { type: "Sphere" });
  const path = d3.geoPath(projection);
  const layer = svg.append("g").attr("class", "zoom-layer");
  layer.append("path").attr("class", "sphere").attr("d", path({ type: "Sphere" }));
  const countries = layer.append("g").attr("class", "countries");
  const admin1 = layer.append("path").attr("class", "admin1").attr("display", "none");
  const points = layer.append("g").attr("class", "points");
  const labels = svg.append("g").attr("class", "labels");
  const map = { svg, width, height, projection, path, layer, countries, admin1, points, labels,
    transform: d3.zoomIdentity, grid: null, data: null, borders: null, places: null };
  map.zoom = d3.zoom().scaleExtent([1, 120]).translateExtent([[0, 0], [width, height]])
    .on("zoom", (event) => onZoom(map, event.transform))
    .on("end", () => { map.pending = onZoomEnd(map); });
  svg.call(map.zoom);
  countries.selectAll("path").data(state.world.features).join("path")
    .attr("d", path)
    .attr("data-iso", (d) => state.iso[d.id] || "")
    .on("click", singleClick(map, (d) => {
      const iso = state.iso[d.id];
      if (iso) patchFilters({ country: state.filters.country === iso ? "" : iso, admin1: "", bbox: "" });
    }))
    .append("title");
  // a double-click zooms: the clicks it is made of must not filter (twice, toggling)
  layer.on("dblclick", () => {
    if (!map.click) return;
    clearTimeout(map.click.timer);
    document.body.dataset.state = map.click.state;
    map.click = null;
  });
  state.map = map;
  return map;
}

// A click on the map acts once it is known not to be half of a double-click. The page
// reads as loading meanwhile, so what waits for "ready" waits for the click's result.
function singleClick(map, act) {
  return (event, datum) => {
    event.stopPropagation();
    if (event.detail > 1) return;
    if (map.click) clearTimeout(map.click.timer);
    const before = map.click ? map.click.state : document.body.dataset.state;
    document.body.dataset.state = "loading";
    map.click = { state: before, timer: setTimeout(() => { map.click = null; act(datum); }, DOUBLE_CLICK_MS) };
  };
}

function gridFor(k) {
  // server-side clusters: 1 degree at world zoom, 0.1 regionally, 0.01 close in
  return k < 4 ? 0 : k < 30 ? 1 : 2;
}

async function loadMap({ fit, current }) {
  const map = state.map || setupMap();
  let grid = gridFor(map.transform.k);
  if (fit) grid = gridFor(fitTransform(map, null).k);
  const data = await getJSON("/map", filterParams({ by_precision: "true", precision: grid, limit: 2000 }));
  if (current && !current()) return;
  map.grid = grid;
  map.data = data;
  drawCountries(map, data);
  drawPoints(map, data);
  if (fit) map.svg.call(map.zoom.transform, fitTransform(map, data));
  else map.pending = onZoomEnd(map);
  await map.pending;
}

function drawCountries(map, data) {
  const counts = new Map();
  for (const p of data.points) if (p.country) counts.set(p.country, (counts.get(p.country) || 0) + p.count);
  map.countries.selectAll("path")
    .attr("class", (d) => {
      const iso = state.iso[d.id];
      let name = "country";
      if (counts.has(iso)) name += " has-events";
      if (iso && iso === state.filters.country) name += " selected";
      return name;
    })
    .select("title").text((d) => {
      const iso = state.iso[d.id];
      return `${d.properties.name}${iso ? ` (${iso})` : ""}: ${counts.get(iso) || 0} located events; click to filter`;
    });
}

function markerTitle(p) {
  const mix = ` mostly ${QUADS[p.quad_class]}`;
  if (p.kind === "country") return `${countryName(p.country)}: ${p.count} event(s) placed only in the country,${mix}; click to filter by it`;
  if (p.kind === "admin1") return `${p.name}, ${countryName(p.country)}: ${p.count} event(s) placed only in the division,${mix}; click to filter by it`;
  if (p.kind === "region") return `${p.name}: ${p.count} event(s) placed only in the region,${mix}`;
  return `${p.name || `${p.lat}°, ${p.lon}°`}: ${p.count} event(s),${mix}; click to list them`;
}

function drawPoints(map, data) {
  const radius = d3.scaleSqrt().domain([1, d3.max(data.points, (p) => p.count) || 1]).range([3.5, 16]);
  const area = (p) => {
    const r = radius(p.count) * (p.kind === "country" ? 1.5 : 1);
    return p.kind === "admin1" ? (1.8 * r) ** 2 : p.kind === "region" ? 2 * r * r : Math.PI * r * r;
  };
  for (const p of data.points) [p.x, p.y] = map.projection([p.lon, p.lat]);
  // big and coarse first, so small precise ones stay clickable on top
  const order = { country: 0, region: 1, admin1: 2, place: 3 };
  const points = data.points.slice().sort((a, b) => order[a.kind] - order[b.kind] || b.count - a.count);
  map.points.selectAll("path").data(points).join("path")
    .attr("class", (p) => `point marker kind-${p.kind} q${p.quad_class}`)
    .attr("data-kind", (p) => p.kind)
    .attr("data-country", (p) => p.country || "")
    .attr("data-count", (p) => p.count)
    .attr("d", (p) => d3.symbol(KIND_SYMBOL[p.kind], area(p))())
    .on("click", singleClick(map, (p) => {
      if (p.kind === "country" && p.country) patchFilters({ country: p.country, admin1: "", bbox: "" });
      else if (p.kind === "admin1" && p.name) patchFilters({ country: p.country, admin1: p.name, bbox: "" });
      else {
        const half = p.kind === "region" ? 5 : 0.05 + 0.5 * 10 ** -data.precision;
        const box = [p.lon - half, p.lat - half, p.lon + half, p.lat + half]
          .map((v, i) => Math.max(i % 2 ? -90 : -180, Math.min(i % 2 ? 90 : 180, v)).toFixed(3));
        patchFilters({ bbox: box.join(",") });
      }
    }))
    .selectAll("title").data((p) => [p]).join("title").text(markerTitle);
  placeMarkers(map);
  const kinds = d3.rollup(data.points, (v) => d3.sum(v, (p) => p.count), (p) => p.kind);
  const coarse = (kinds.get("country") || 0) + (kinds.get("admin1") || 0) + (kinds.get("region") || 0);
  let note = `${data.located.toLocaleString()} located events`;
  if (data.shown < data.located) note += ` (${data.shown.toLocaleString()} shown)`;
  if (coarse) note += `, ${coarse.toLocaleString()} placed only by country, division or region`;
  document.getElementById("map-note").textContent = note;
  d3.select("#quad-legend").selectAll("li").data(Object.entries(QUADS)).join((enter) => {
    const li = enter.append("li");
    li.append("span").attr("class", ([q]) => `swatch badge q${q}`);
    li.append("span").text(([q, name]) => `${q} ${name}`);
    return li;
  });
}

function placeMarkers(map) {
  const k = map.transform.k;
  map.points.selectAll("path").attr("transform", (p) => `translate(${p.x},${p.y}) scale(${1 / k})`);
}

// The view that shows what the filters selected: the chosen country, the area, or the
// located events; the whole world when nothing narrows.
function fitTransform(map, data) {
  const { width, height, path, projection } = map;
  let bounds = null;
  const feature = state.filters.country
    && state.world.features.find((f) => state.iso[f.id] === state.filters.country);
  if (state.filters.bbox) {
    const [x0, y0, x1, y1] = state.filters.bbox.split(",").map(Number);
    const a = projection([x0, y1]);
    const b = projection([x1, y0]);
    bounds = [[Math.min(a[0], b[0]), Math.min(a[1], b[1])], [Math.max(a[0], b[0]), Math.max(a[1], b[1])]];
  } else if (feature && !state.filters.admin1) {
    bounds = path.bounds(feature);
  } else if (data && data.points.length && Object.keys(state.filters).some((key) => key !== "modality")) {
    const xs = data.points.map((p) => p.x);
    const ys = data.points.map((p) => p.y);
    bounds = [[d3.min(xs), d3.min(ys)], [d3.max(xs), d3.max(ys)]];
  } else if (feature) {
    bounds = path.bounds(feature);
  }
  if (!bounds) return d3.zoomIdentity;
  const [[x0, y0], [x1, y1]] = bounds;
  const w = Math.max(x1 - x0, 12);
  const h = Math.max(y1 - y0, 12);
  const k = Math.max(1, Math.min(40, 0.85 / Math.max(w / width, h / height)));
  const tx = width / 2 - k * (x0 + x1) / 2;
  const ty = height / 2 - k * (y0 + y1) / 2;
  return d3.zoomIdentity.translate(tx, ty).scale(k);
}

function onZoom(map, transform) {
  map.transform = transform;
  map.layer.attr("transform", transform);
  map.svg.attr("data-k", transform.k.toFixed(2));
  placeMarkers(map);
  map.labels.attr("display", "none");
}

async function onZoomEnd(map) {
  const k = map.transform.k;
  if (k >= 2.5) {
    if (!map.borders) {
      const [borders, places] = await Promise.all([
        getJSON("/dashboard/vendor/admin1-borders.json"),
        getJSON("/dashboard/vendor/places.json"),
      ]);
      map.borders = topojson.feature(borders, borders.objects.borders);
      map.places = places;
      map.admin1.attr("d", map.path(map.borders));
    }
    map.admin1.attr("display", null);
  } else {
    map.admin1.attr("display", "none");
  }
  drawLabels(map);
  if (map.data && gridFor(k) !== map.grid) {
    map.grid = gridFor(k);
    const data = await getJSON("/map", filterParams({ by_precision: "true", precision: map.grid, limit: 2000 }));
    map.data = data;
    drawPoints(map, data);
  }
}

// Place names for the zoom: capitals first, then division seats, division names and bigger towns, placed
// greedily so none overlap, only inside the view.
function drawLabels(map) {
  const k = map.transform.k;
  const candidates = [];
  if (map.places && k >= 2.5) {
    const { divisions, towns } = map.places;
    for (const [name, lon, lat, thousands, rank] of towns) {
      const wanted = rank === 0 ? k >= 2.5 : thousands >= 1000 ? k >= 4 : rank === 1 || thousands >= 300 ? k >= 6 : k >= 10;
      // a division's seat is placed before the division's name, which may move or go
      const priority = rank === 0 ? 0 : rank === 1 ? 0.9 - Math.min(0.4, thousands / 2500) : 2 - Math.min(1, thousands / 5000);
      if (wanted) candidates.push({ name, lon, lat, kind: "town", priority });
    }
    if (k >= 4) {
      for (const [name, , lon, lat, labelrank] of divisions) {
        if (labelrank <= (k >= 8 ? 10 : 5)) candidates.push({ name, lon, lat, kind: "division", priority: 1 + labelrank / 20 });
      }
    }
  }
  candidates.sort((a, b) => a.priority - b.priority);
  const placed = [];
  const boxes = [];
  const free = (box) => box[0] >= 0 && box[2] <= map.width && box[1] >= 0 && box[3] <= map.height
    && !boxes.some((b) => box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1]);
  for (const c of candidates) {
    const [px, py] = map.transform.apply(map.projection([c.lon, c.lat]));
    if (px < 0 || py < 0 || px > map.width || py > map.height) continue;
    const w = c.name.length * (c.kind === "division" ? 6.4 : 6) + 4;
    const dot = [px - 2.5, py - 2.5, px + 2.5, py + 2.5];
    if (c.kind === "town" && !free(dot)) continue;
    const spot = (c.kind === "town" ? TOWN_SPOTS : DIVISION_SPOTS).find((s) => free(s.box(px, py, w)));
    if (!spot) continue;
    boxes.push(spot.box(px, py, w));
    if (c.kind === "town") boxes.push(dot);
    placed.push({ ...c, px, py, spot });
    if (placed.length >= 160) break;
  }
  const groups = map.labels.attr("display", null).selectAll("g").data(placed).join((enter) => {
    const g = enter.append("g");
    g.append("circle").attr("r", 1.8);
    g.append("text");
    return g;
  });
  groups.attr("class", (c) => `place-label ${c.kind}`).attr("transform", (c) => `translate(${c.px},${c.py})`);
  groups.select("circle").attr("display", (c) => (c.kind === "town" ? null : "none"));
  groups.select("text").attr("data-kind", (c) => c.kind).text((c) => c.name)
    .attr("text-anchor", (c) => c.spot.anchor).attr("x", (c) => c.spot.x).attr("y", (c) => c.spot.y);
}

// Where a label may sit around its point, in the order tried, with the box it then covers
// (text about 11 px high; x and y are the text's anchor and baseline).
const TOWN_SPOTS = [
  { anchor: "middle", x: 0, y: -4, box: (px, py, w) => [px - w / 2, py - 15, px + w / 2, py - 2] },
  { anchor: "start", x: 4, y: 4, box: (px, py, w) => [px + 3, py - 7, px + w + 3, py + 6] },
  { anchor: "end", x: -4, y: 4, box: (px, py, w) => [px - w - 3, py - 7, px - 3, py + 6] },
  { anchor: "middle", x: 0, y: 12, box: (px, py, w) => [px - w / 2, py + 2, px + w / 2, py + 15] },
];
const DIVISION_SPOTS = [
  { anchor: "middle", x: 0, y: 4, box: (px, py, w) => [px - w / 2, py - 7, px + w / 2, py + 6] },
  { anchor: "middle", x: 0, y: -8, box: (px, py, w) => [px - w / 2, py - 19, px + w / 2, py - 6] },
  { anchor: "middle", x: 0, y: 16, box: (px, py, w) => [px - w / 2, py + 6, px + w / 2, py + 19] },
];

function zoomBy(factor) {
  const map = state.map;
  if (map) map.svg.transition().duration(200).call(map.zoom.scaleBy, factor);
}

// ---------------------------------------------------------------- timeline

const INTERVALS = { day: d3.utcDay, week: d3.utcMonday, month: d3.utcMonth, year: d3.utcYear };
const utc = (iso) => new Date(`${iso}T00:00:00Z`);
const isoDay = (date) => date.toISOString().slice(0, 10);

function renderTimeline(timeline, groups) {
  const svg = d3.select("#timeline");
  const [width, height] = size(svg);
  svg.attr("viewBox", `0 0 ${width} ${height}`).selectAll("*").remove();
  const types = groups.map((g) => g.key);
  state.typeColor = d3.scaleOrdinal(types, d3.schemeTableau10.concat(d3.schemeSet3));
  const every = INTERVALS[timeline.interval];
  document.getElementById("timeline-note").textContent = timeline.total
    ? `events per ${timeline.interval} (hatched: dated only to the ${timeline.interval}; bars under the axis: dated only to a coarser period); drag to choose dates`
    : "";
  const margin = { top: 8, right: 10, bottom: 22, left: 34 };
  if (!timeline.total) {
    svg.append("text").attr("x", width / 2).attr("y", height / 2).attr("text-anchor", "middle")
      .attr("class", "empty").text("No events match these filters.");
    d3.select("#type-legend").selectAll("li").remove();
    return;
  }
  // lanes under the bars for events dated only to a coarser period than the interval
  const spans = timeline.spans.map((s) => ({ ...s, from: utc(s.start), to: d3.utcDay.offset(utc(s.end), 1) }));
  const lanes = [];
  for (const s of spans) {
    let lane = lanes.findIndex((end) => end <= s.from);
    if (lane < 0) lane = lanes.length < 4 ? lanes.length : lanes.indexOf(d3.min(lanes));
    lanes[lane] = s.to;
    s.lane = lane;
  }
  const laneHeight = 7;
  const strip = lanes.length ? lanes.length * laneHeight + 6 : 0;
  const start = every.floor(utc(timeline.first));
  let end = every.offset(every.floor(utc(timeline.last)), 1);
  for (const s of spans) if (s.to > end) end = s.to;
  const x = d3.scaleUtc([start, end], [margin.left, width - margin.right]);
  const base = height - margin.bottom - strip;

  const periods = new Map();
  for (const bar of timeline.bars) {
    const row = periods.get(bar.period) || { period: bar.period, date: utc(bar.period), coarse: 0, total: 0 };
    row[bar.key] = bar.count;
    row.coarse += bar.coarse;
    row.total += bar.count;
    periods.set(bar.period, row);
  }
  const data = Array.from(periods.values());
  const stack = d3.stack().keys(types).value((d, key) => d[key] || 0)(data);
  const y = d3.scaleLinear([0, d3.max(data, (d) => d.total) || 1], [base, margin.top]).nice();
  const left = (d) => x(d.date);
  const barWidth = (d) => Math.max(1.5, x(every.offset(d.date, 1)) - x(d.date) - 1);
  const defs = svg.append("defs");
  defs.append("pattern").attr("id", "hatch").attr("patternUnits", "userSpaceOnUse").attr("width", 5).attr("height", 5)
    .attr("patternTransform", "rotate(45)")
    .append("rect").attr("width", 2).attr("height", 5).attr("class", "hatch-line");
  svg.append("g").attr("class", "bars").selectAll("g").data(stack).join("g")
    .attr("fill", (layer) => state.typeColor(layer.key))
    .selectAll("rect")
    .data((layer) => layer.filter((d) => d[1] > d[0]).map((d) => Object.assign(d, { key: layer.key })))
    .join("rect")
    .attr("class", "bar")
    .attr("data-period", (d) => d.data.period)
    .attr("x", (d) => left(d.data)).attr("width", (d) => barWidth(d.data))
    .attr("y", (d) => y(d[1])).attr("height", (d) => Math.max(0, y(d[0]) - y(d[1])))
    .append("title").text((d) => `${d.data.period} ${d.key}: ${d[1] - d[0]}`);
  svg.append("g").selectAll("rect").data(data.filter((d) => d.coarse)).join("rect")
    .attr("class", "coarse")
    .attr("x", left).attr("width", barWidth)
    .attr("y", (d) => y(d.total)).attr("height", (d) => Math.max(1, y(d.total - d.coarse) - y(d.total)))
    .attr("fill", "url(#hatch)")
    .append("title").text((d) => `${d.period}: ${d.coarse} of ${d.total} dated only to the ${timeline.interval}`);
  svg.append("g").selectAll("rect").data(spans).join("rect")
    .attr("class", (s) => `span prec-${s.precision}`)
    .attr("data-start", (s) => s.start).attr("data-end", (s) => s.end)
    .attr("x", (s) => x(s.from)).attr("width", (s) => Math.max(2, x(s.to) - x(s.from) - 1))
    .attr("y", (s) => base + 4 + s.lane * laneHeight).attr("height", laneHeight - 2)
    .append("title").text((s) => `${s.count} event(s) dated only to the ${s.precision}: ${s.start} – ${s.end}`);
  svg.append("g").attr("class", "axis").attr("transform", `translate(0,${height - margin.bottom})`)
    .call(d3.axisBottom(x).ticks(Math.max(2, Math.floor(width / 90))).tickSizeOuter(0));
  svg.append("g").attr("class", "axis").attr("transform", `translate(${margin.left},0)`)
    .call(d3.axisLeft(y).ticks(5, "~s"));
  const brush = d3.brushX().extent([[margin.left, margin.top], [width - margin.right, height - margin.bottom]])
    .on("end", (event) => {
      if (!event.selection || !event.sourceEvent) return;
      const [a, b] = event.selection.map(x.invert);
      const since = isoDay(d3.utcDay.floor(a));
      const until = isoDay(d3.utcDay.offset(d3.utcDay.ceil(b), -1));
      patchFilters({ since, until: until < since ? since : until });
    });
  svg.append("g").attr("class", "brush").call(brush);
  svg.attr("data-interval", timeline.interval).attr("data-start", isoDay(start)).attr("data-end", isoDay(end));
  d3.select("#type-legend").selectAll("li").data(groups, (g) => g.key).join((enter) => {
    const li = enter.append("li");
    li.append("span").attr("class", "swatch");
    li.append("span").attr("class", "label");
    return li;
  })
    .on("click", (_, g) => patchFilters({ event_type: state.filters.event_type === g.key ? "" : g.key }))
    .call((li) => li.select(".swatch").style("background", (g) => state.typeColor(g.key)))
    .call((li) => li.select(".label").text((g) => `${g.key} ${g.count}`));
}

// ---------------------------------------------------------------- network

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
  const radius = d3.scaleSqrt([1, d3.max(weight.values())], [4, 14]);
  // measure each label once, then lay out boxes (circle + label under it) that never overlap
  const probe = svg.append("text").attr("class", "node-label");
  const nodes = Array.from(weight, ([id, count]) => {
    const label = shorten(actorLabel(id), 26);
    const textWidth = probe.text(label).node().getComputedTextLength();
    const r = radius(count);
    return { id, count, label, r, hw: Math.max(r, textWidth / 2) + 3, hh: r + 8, oy: 6 };
  });
  probe.remove();
  const links = dyads.map((d) => {
    const quad = Object.entries(d.quad_classes).sort((a, b) => b[1] - a[1])[0][0];
    return { source: d.actor, target: d.recipient, count: d.count, quad, goldstein: d.goldstein };
  });
  const stroke = d3.scaleLinear([1, d3.max(links, (l) => l.count)], [1.2, 6]);
  const clamp = () => {
    for (const n of nodes) {
      n.x = Math.max(n.hw + 2, Math.min(width - n.hw - 2, n.x));
      n.y = Math.max(n.hh - n.oy + 2, Math.min(height - n.hh - n.oy - 2, n.y));
    }
  };
  const separate = () => {
    let moved = false;
    for (let i = 0; i < nodes.length; i += 1) {
      for (let j = i + 1; j < nodes.length; j += 1) {
        const a = nodes[i];
        const b = nodes[j];
        const dx = b.x - a.x;
        const dy = b.y + b.oy - (a.y + a.oy);
        const ox = a.hw + b.hw + 2 - Math.abs(dx);
        const oy = a.hh + b.hh + 2 - Math.abs(dy);
        if (ox <= 0 || oy <= 0) continue;
        moved = true;
        if (ox < oy) {
          const s = (dx < 0 ? -1 : 1) * ox / 2;
          a.x -= s; b.x += s;
        } else {
          const s = (dy < 0 ? -1 : 1) * oy / 2;
          a.y -= s; b.y += s;
        }
      }
    }
    return moved;
  };
  const simulation = d3.forceSimulation(nodes)
    .force("link", d3.forceLink(links).id((n) => n.id).distance(90).strength(0.4))
    .force("charge", d3.forceManyBody().strength(-260))
    .force("x", d3.forceX(width / 2).strength(0.04))
    .force("y", d3.forceY(height / 2).strength(0.09))
    .stop();
  // fixed ticks and a seeded start: the same data always gives the same picture
  nodes.forEach((n, i) => {
    const angle = i * 2.399963;
    n.x = width / 2 + Math.cos(angle) * 12 * Math.sqrt(i + 1);
    n.y = height / 2 + Math.sin(angle) * 8 * Math.sqrt(i + 1);
  });
  for (let i = 0; i < 300; i += 1) {
    simulation.tick();
    separate();
    clamp();
  }
  for (let i = 0; i < 200 && separate(); i += 1) clamp();
  const defs = svg.append("defs");
  for (const [q, color] of Object.entries(QUAD_COLORS)) {
    defs.append("marker").attr("id", `arrow-q${q}`).attr("viewBox", "0 -4 8 8").attr("refX", 8)
      .attr("markerUnits", "userSpaceOnUse").attr("markerWidth", 9).attr("markerHeight", 9).attr("orient", "auto")
      .append("path").attr("d", "M0,-4L8,0L0,4").attr("fill", color);
  }
  const curve = (l) => {
    const dx = l.target.x - l.source.x;
    const dy = l.target.y - l.source.y;
    const dist = Math.hypot(dx, dy) || 1;
    const r = l.target.r + 2;
    const tx = l.target.x - (dx / dist) * r;
    const ty = l.target.y - (dy / dist) * r;
    // a slight curve keeps A->B and B->A apart
    const mx = (l.source.x + tx) / 2 - dy * 0.12;
    const my = (l.source.y + ty) / 2 + dx * 0.12;
    return `M${l.source.x},${l.source.y}Q${mx},${my} ${tx},${ty}`;
  };
  const dyadOf = (l) => `${l.source.id}:${l.target.id}`;
  const edge = svg.append("g").selectAll("g").data(links).join("g")
    .attr("class", (l) => `edge${state.filters.dyad === dyadOf(l) ? " selected" : ""}`)
    .attr("data-dyad", dyadOf)
    .attr("data-count", (l) => l.count)
    .on("click", (_, l) => patchFilters({ dyad: state.filters.dyad === dyadOf(l) ? "" : dyadOf(l) }));
  edge.append("path").attr("class", "link")
    .attr("stroke", (l) => QUAD_COLORS[l.quad])
    .attr("stroke-width", (l) => stroke(l.count))
    .attr("marker-end", (l) => `url(#arrow-q${l.quad})`)
    .attr("d", curve);
  // a wide invisible twin makes thin arrows easy to hit
  edge.append("path").attr("class", "link-hit").attr("d", curve);
  edge.append("title").text((l) =>
    `${actorLabel(l.source.id)} (${l.source.id}) → ${actorLabel(l.target.id)} (${l.target.id}): ${l.count} event(s), mean Goldstein ${l.goldstein}; click to filter`);
  const node = svg.append("g").selectAll("g").data(nodes).join("g")
    .attr("class", (n) => `node${state.filters.actor === n.id ? " selected" : ""}`)
    .attr("data-code", (n) => n.id)
    .attr("transform", (n) => `translate(${n.x},${n.y})`)
    .on("click", (_, n) => patchFilters({ actor: state.filters.actor === n.id ? "" : n.id }));
  node.append("circle").attr("r", (n) => n.r);
  node.append("text").attr("class", "node-label").attr("text-anchor", "middle")
    .attr("y", (n) => n.r + 10).text((n) => n.label);
  node.append("title").text((n) => `${n.id}: ${actorLabel(n.id)}, ${n.count} event(s) in these dyads; click to filter`);
}

// ---------------------------------------------------------------- table

async function loadTable(current = () => true) {
  const cursor = state.cursors[state.page];
  const params = filterParams({ sort: state.view.sort, limit: PAGE, cursor, count: state.page === 0 ? "true" : "" });
  let page;
  try {
    page = await getJSON("/events", params);
  } catch (error) {
    showError(error);
    return;
  }
  if (!current()) return;
  if (page.total !== null && page.total !== undefined) state.total = page.total;
  if (page.next_cursor) state.cursors[state.page + 1] = page.next_cursor;
  const body = document.querySelector("#events tbody");
  body.replaceChildren(...page.events.map(eventRow));
  if (!page.events.length) {
    const row = el("tr");
    row.append(el("td", { colspan: "7", class: "empty" }, "No events match these filters."));
    body.append(row);
  } else {
    body.rows[0].tabIndex = 0;
  }
  for (const th of document.querySelectorAll("#events th[data-sort]")) {
    const key = th.dataset.sort;
    const sort = state.view.sort;
    th.setAttribute("aria-sort", sort === key ? "ascending" : sort === `-${key}` ? "descending" : "none");
  }
  document.getElementById("prev").disabled = state.page === 0;
  document.getElementById("next").disabled = !page.next_cursor;
  document.getElementById("page-no").textContent = `page ${state.page + 1}`;
  const first = state.page * PAGE + (page.events.length ? 1 : 0);
  document.getElementById("table-note").textContent =
    `${first}–${state.page * PAGE + page.events.length} of ${(state.total || 0).toLocaleString()}; click a heading to sort, arrows to move, Enter to open`;
}

function placeText(location) {
  if (!location) return "–";
  const parts = [location.name];
  if (location.admin1 && location.admin1 !== location.name) parts.push(location.admin1);
  if (location.country && location.country !== location.name) parts.push(location.country);
  const coarse = ["admin1", "country", "region"].includes(location.precision) ? ` [${location.precision === "admin1" ? "division" : location.precision}]` : "";
  return parts.join(", ") + coarse;
}

function actorCell(actor) {
  const code = actor && actor.code;
  return el("td", code ? { title: code, "data-code": code } : {}, code ? (actor.name || actorLabel(code)) : "–");
}

function eventRow(event) {
  const row = el("tr", { "data-id": event.id, tabindex: "-1" });
  const type = el("td", { "data-type": event.event_type });
  type.append(el("span", { class: `badge q${event.quad_class}`, title: QUADS[event.quad_class] }));
  type.append(document.createTextNode(`${event.event_type}${event.mode ? ` (${event.mode})` : ""}`));
  const date = el("td", { "data-date": event.date }, event.date);
  if (event.date_precision === "month" || event.date_precision === "year" || event.date_precision === "week") {
    date.append(el("small", { class: "coarse-date", title: `dated only to the ${event.date_precision}` }, ` ~${event.date_precision}`));
  }
  row.append(
    date,
    actorCell(event.actor),
    type,
    actorCell(event.recipient),
    el("td", {}, placeText(event.location)),
    el("td", { class: "num" }, event.goldstein),
    el("td", { class: "num" }, event.num_mentions),
  );
  row.addEventListener("click", () => selectRow(row, true));
  return row;
}

function selectRow(row, open) {
  for (const r of document.querySelectorAll("#events tbody tr")) {
    r.classList.toggle("active", r === row);
    r.tabIndex = r === row ? 0 : -1;
  }
  row.focus();
  if (open) openEvent(row.dataset.id);
}

function onTableKey(event) {
  const row = event.target.closest("tr[data-id]");
  if (!row) return;
  const rows = Array.from(document.querySelectorAll("#events tbody tr[data-id]"));
  const at = rows.indexOf(row);
  const moves = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: rows.length - 1, PageDown: at + 10, PageUp: at - 10 };
  if (event.key in moves) {
    event.preventDefault();
    selectRow(rows[Math.max(0, Math.min(rows.length - 1, moves[event.key]))], false);
  } else if (event.key === "Enter" || event.key === " ") {
    event.preventDefault();
    selectRow(row, true);
  }
}

function sortBy(key) {
  const sort = state.view.sort;
  let next;
  if (sort === key) next = `-${key}`;
  else if (sort === `-${key}`) next = key;
  else next = SORT_DEFAULT_DESC.has(key) ? `-${key}` : key;
  setView({ sort: next });
  state.cursors = [null];
  state.page = 0;
  loadTable();
}

// ---------------------------------------------------------------- stories

async function loadStories(fresh, current = () => true) {
  const list = document.getElementById("stories");
  const params = filterParams({ limit: 10, cursor: fresh ? null : state.storyCursor, count: fresh ? "true" : "" });
  let page;
  try {
    page = await getJSON("/stories", params);
  } catch (error) {
    showError(error);
    return;
  }
  if (!current()) return;
  if (fresh) list.replaceChildren();
  if (fresh && page.total !== null) {
    document.getElementById("stories-note").textContent =
      `${page.total.toLocaleString()} deduplicated events, most reported first`;
  }
  list.append(...page.stories.map(storyItem));
  state.storyCursor = page.next_cursor;
  document.getElementById("more-stories").hidden = !page.next_cursor;
}

function storyItem(story) {
  const li = el("li", { class: "story", "data-id": story.id, "data-articles": story.num_articles });
  const who = [story.actor, story.recipient].map((a) => (a ? (a.code ? actorLabel(a.code) : a.text) : ""));
  const title = el("h3");
  title.append(el("span", { class: `badge q${story.quad_class}`, title: QUADS[story.quad_class] }));
  title.append(document.createTextNode(
    `${who[0] || "?"} ${story.event_type}${story.mode ? ` (${story.mode})` : ""}${who[1] ? ` ${who[1]}` : ""}`));
  const meta = el("p", { class: "meta" },
    `${story.date}${story.location ? ` · ${placeText(story.location)}` : ""} · ${story.num_articles} article(s), ${story.num_sources} source(s), ${story.num_mentions} mention(s)`);
  const details = el("details");
  details.append(el("summary", {}, `the ${story.mentions.length} mention(s) behind it`));
  const mentions = el("ul", { class: "mentions" });
  for (const m of story.mentions) {
    const item = el("li", { class: "mention" });
    item.append(el("a", { href: m.href, target: "_blank", rel: "noopener" }, m.title || m.article_id));
    item.append(document.createTextNode(` ${[m.source, m.date].filter(Boolean).join(", ")}`));
    item.append(el("q", {}, m.sentence.trim()));
    mentions.append(item);
  }
  details.append(mentions);
  const open = el("button", { type: "button", class: "link-button" }, "evidence");
  open.addEventListener("click", () => openEvent(story.id));
  li.append(title, meta, details, open);
  return li;
}

// ---------------------------------------------------------------- event panel

async function openEvent(id) {
  let detail;
  try {
    detail = await getJSON(`/events/${encodeURIComponent(id)}`);
  } catch (error) {
    showError(error);
    return;
  }
  const e = detail.event;
  const name = (a) => (a ? (a.code ? actorLabel(a.code) : a.text) : "");
  document.getElementById("ev-title").textContent =
    `${name(e.actor) || "?"} ${e.event_type}${e.mode ? ` (${e.mode})` : ""} ${name(e.recipient)}`.trim();
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

// ---------------------------------------------------------------- export

// A plain link downloads when reads are open; behind a token the file is fetched with it.
async function exportWithToken(event) {
  const token = sessionStorage.getItem("lapwing-token");
  if (!token) return;
  event.preventDefault();
  const link = event.currentTarget;
  const response = await fetch(link.href, { headers: authHeaders() });
  if (!response.ok) {
    showError(new Error(`${response.status} export failed`));
    return;
  }
  const name = (response.headers.get("content-disposition") || "").match(/filename="([^"]+)"/);
  const url = URL.createObjectURL(await response.blob());
  const save = el("a", { href: url, download: name ? name[1] : "lapwing-events" });
  document.body.append(save);
  save.click();
  save.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// ---------------------------------------------------------------- wiring

function start() {
  const params = new URLSearchParams(location.search);
  const filters = {};
  for (const key of FILTER_KEYS) if (params.get(key)) filters[key] = params.get(key);
  for (const key of Object.keys(VIEW_DEFAULTS)) if (params.get(key)) state.view[key] = params.get(key);
  const form = document.getElementById("filters");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    setFilters(readForm());
  });
  for (const select of form.querySelectorAll("select")) {
    select.addEventListener("change", () => setFilters(readForm()));
  }
  document.getElementById("reset-filters").addEventListener("click", () => setFilters({}));
  document.getElementById("clear-bbox").addEventListener("click", () => patchFilters({ bbox: "" }));
  document.getElementById("clear-dyad").addEventListener("click", () => patchFilters({ dyad: "" }));
  document.getElementById("f-interval").addEventListener("change", (event) => {
    setView({ interval: event.target.value });
    refresh();
  });
  document.getElementById("zoom-in").addEventListener("click", () => zoomBy(2));
  document.getElementById("zoom-out").addEventListener("click", () => zoomBy(0.5));
  document.getElementById("zoom-fit").addEventListener("click", () => {
    const map = state.map;
    if (map) map.svg.transition().duration(200).call(map.zoom.transform, fitTransform(map, map.data));
  });
  for (const th of document.querySelectorAll("#events th[data-sort]")) {
    th.querySelector("button").addEventListener("click", () => sortBy(th.dataset.sort));
  }
  document.querySelector("#events tbody").addEventListener("keydown", onTableKey);
  document.getElementById("prev").addEventListener("click", () => { state.page -= 1; loadTable(); });
  document.getElementById("next").addEventListener("click", () => { state.page += 1; loadTable(); });
  document.getElementById("more-stories").addEventListener("click", () => loadStories(false));
  for (const link of document.querySelectorAll("#export a[data-format]")) {
    link.addEventListener("click", exportWithToken);
  }
  document.getElementById("close-panel").addEventListener("click", () => {
    document.getElementById("event-panel").hidden = true;
  });
  let resize;
  window.addEventListener("resize", () => {
    clearTimeout(resize);
    // the panels' heights are fixed: only a new width redraws (not a taller window)
    resize = setTimeout(() => {
      if (state.map && Math.abs(size(state.map.svg)[0] - state.map.width) < 1) return;
      state.map = null;
      refresh({ fit: true });
    }, 250);
  });
  setFilters(filters);
}

document.addEventListener("DOMContentLoaded", start);
