// Copies the pinned, pre-built browser files of d3, topojson-client and world-atlas
// (with their licences) into the Python package. Run after `npm ci`; commit the output.
// The app never fetches anything at run time: these copies are all it uses.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

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
];
for (const [from, to] of files) copyFileSync(join(modules, from), join(out, to));

const versions = {};
for (const name of ["d3", "topojson-client", "world-atlas"]) {
  versions[name] = JSON.parse(readFileSync(join(modules, name, "package.json"), "utf8")).version;
}
writeFileSync(join(out, "VERSIONS.json"), JSON.stringify(versions, null, 2) + "\n");
console.log("vendored", versions, "->", out);
