// Copies the browser builds of the npm dependencies into Django's static folder.
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(root, "regionpulse", "static", "vendor");
const assets = {
  "echarts.min.js": "node_modules/echarts/dist/echarts.min.js",
  "htmx.min.js": "node_modules/htmx.org/dist/htmx.min.js",
};

mkdirSync(target, { recursive: true });
for (const [name, source] of Object.entries(assets)) {
  copyFileSync(join(root, source), join(target, name));
}
const versions = Object.fromEntries(
  ["echarts", "htmx.org"].map((pkg) => [pkg, JSON.parse(readFileSync(join(root, "node_modules", pkg, "package.json"))).version]),
);
console.log(`static/vendor: ${Object.keys(assets).join(", ")} (${JSON.stringify(versions)})`);
