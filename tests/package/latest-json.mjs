// Writes latest.json, the update manifest the Tauri updater reads, for the
// signed Linux packages in $OUT, to be published in the folder $URL
// (an intranet folder served over HTTP(S)). Used by ./desk.sh package --update-url.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const { OUT, URL: base, VERSION } = process.env;
if (!OUT || !base || !VERSION) throw new Error("OUT, URL and VERSION are needed");
const folder = base.endsWith("/") ? base : `${base}/`;
const arch = (name) => (/(amd64|x86_64)/.test(name) ? "x86_64" : /(arm64|aarch64)/.test(name) ? "aarch64" : null);
const kinds = [
  [/\.deb$/, "deb"],
  [/\.rpm$/, "rpm"],
  [/\.AppImage$/, "appimage"],
];
const platforms = {};
for (const file of readdirSync(OUT).sort()) {
  const kind = kinds.find(([re]) => re.test(file))?.[1];
  const a = arch(file);
  if (!kind || !a) continue;
  let signature;
  try {
    signature = readFileSync(join(OUT, `${file}.sig`), "utf8").trim();
  } catch {
    throw new Error(`${file} has no signature ${file}.sig`);
  }
  const entry = { signature, url: new globalThis.URL(encodeURIComponent(file), folder).href };
  platforms[`linux-${a}-${kind}`] = entry;
  if (kind === "appimage") platforms[`linux-${a}`] = entry;
}
if (!Object.keys(platforms).length) throw new Error(`no signed package in ${OUT}`);
const manifest = { version: VERSION, notes: `Complaint Desk ${VERSION}`, pub_date: new Date().toISOString(), platforms };
writeFileSync(join(OUT, "latest.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log(`wrote ${join(OUT, "latest.json")} for ${folder} (${Object.keys(platforms).join(", ")})`);
