// Short smoke runs of the INSTALLED program (tauri-driver + WebKitWebDriver
// under Xvfb), used by tests/package/run.sh between install, remove, upgrade
// and update. The register is the default one of $HOME, as an office has it.
// Every UI selector is in SEL below: when the UI changes, update them here
// (they follow tests/e2e/run.mjs, whose WebDriver helpers these are).
//
//   node smoke.mjs APP first-run                register the office, the admin, one case; export its slip
//   node smoke.mjs APP another                  sign in, register one more case, export its slip
//   node smoke.mjs APP check NUMBER...          sign in; the register lists exactly these cases
//   node smoke.mjs APP version V                sign in; the running program says it is version V
//   node smoke.mjs APP update-file FILE EXPECT  sign in; update from FILE: EXPECT is "installed" or an error code
//   node smoke.mjs APP update-online URL V      sign in; set the update address, find V there and install it

import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

// ---- the UI as the smoke runs see it (keep in step with the UI) -------------
const SEL = {
  useLocal: "#btn-use-local",
  setupOfficeName: "#setup-office-name",
  presetEnterprise: 'input[name="preset"][value="enterprise"]',
  setupButton: "#btn-setup",
  adminUsername: "#admin-username",
  adminDisplayName: "#admin-display-name",
  adminPassword: "#admin-password",
  adminPassword2: "#admin-password2",
  createAdmin: "#btn-create-admin",
  signInUsername: "#sign-in-username",
  signInPassword: "#sign-in-password",
  signIn: "#btn-sign-in",
  userName: "#user-name",
  navIntake: "#nav-intake",
  navRegister: "#nav-register",
  kind: "#f-kind",
  channel: "#f-channel",
  complainantName: "#f-complainants-0-name",
  complainantPhone: "#f-complainants-0-phone",
  category: "#f-category",
  severity: "#f-severity",
  matter: "#f-matter",
  facts: "#f-facts",
  save: "#btn-save",
  savedNumber: "#saved-number",
  search: "#search",
  resetFilters: "#btn-reset-filters",
  caseRow: (number) => `tr.case-row[data-number="${number}"] td`,
  caseRows: "tr.case-row",
  caseNumber: "#case-number",
  exportSlip: "#btn-export-slip",
  exportStatus: "#export-status",
};
const OFFICE = "华东示范有限公司";
const ADMIN = { username: "admin", name: "李娜", password: "Desk-admin-2026" };
const CASES = [
  { name: "王小明", matter: "十月份绩效奖金被无故克扣" },
  { name: "陈红", matter: "窗口工作人员推诿不办" },
];

const here = dirname(fileURLToPath(import.meta.url));
const [appArg, phase, ...rest] = process.argv.slice(2);
if (!appArg || !phase) {
  console.error("usage: node smoke.mjs APP PHASE [ARGS] (see the top of this file)");
  process.exit(2);
}
const app = resolve(appArg);
const artifacts = join(here, "artifacts");
mkdirSync(artifacts, { recursive: true });
const saveDir = mkdtempSync(join(tmpdir(), "desk-smoke-saved-"));
const PORT = 5444 + Math.floor(Math.random() * 1000);
const BASE = `http://127.0.0.1:${PORT}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- a minimal WebDriver client (as in tests/e2e/run.mjs) --------------------
async function wd(method, path, body) {
  const res = await fetch(BASE + path, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok || (json.value && json.value.error)) {
    throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json.value ?? json).slice(0, 400)}`);
  }
  return json.value;
}
const ELEMENT = "element-6066-11e4-a52f-4a9f5e5e6a49";
let session;
const s = (p) => `/session/${session}${p}`;
async function find(css, timeout = 15000) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try {
      const el = await wd("POST", s("/element"), { using: "css selector", value: css });
      const id = el[ELEMENT] ?? el.ELEMENT ?? Object.values(el)[0];
      if (id) return id;
    } catch (e) {
      last = e;
    }
    await sleep(150);
  }
  throw new Error(`no element ${css} within ${timeout} ms: ${last}`);
}
const js = (script, ...args) => wd("POST", s("/execute/sync"), { script, args });
const click = async (css) => {
  const id = await find(css);
  await js("document.querySelector(arguments[0])?.scrollIntoView({block: 'center'});", css);
  return wd("POST", s(`/element/${id}/click`), {});
};
const type = async (css, text) => {
  const id = await find(css);
  await wd("POST", s(`/element/${id}/clear`), {});
  if (text) await wd("POST", s(`/element/${id}/value`), { text });
};
const text = async (css) => wd("GET", s(`/element/${await find(css)}/text`));
const setValue = async (css, value) => {
  await find(css);
  return js(
    `const el = document.querySelector(arguments[0]);
     if (el.type === 'checkbox' || el.type === 'radio') el.checked = arguments[1]; else el.value = arguments[1];
     el.dispatchEvent(new Event('input', {bubbles: true}));
     el.dispatchEvent(new Event('change', {bubbles: true}));`,
    css,
    value,
  );
};
async function waitFor(what, fn, timeout = 20000) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ""}`);
}
async function screenshot(name) {
  const png = await wd("GET", s("/screenshot"));
  writeFileSync(join(artifacts, `${name}.png`), Buffer.from(png, "base64"));
}
/** Calls one of the app's commands through the real IPC, as the UI does. */
const invoke = (cmd, args = {}) =>
  wd("POST", s("/execute/async"), {
    script: `const done = arguments[arguments.length - 1];
             window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1])
               .then((ok) => done({ ok }), (err) => done({ err }));`,
    args: [cmd, args],
  });

// ---- the steps ---------------------------------------------------------------
async function firstRun() {
  // A new computer: this computer's register, not an office host.
  await click(SEL.useLocal);
  await type(SEL.setupOfficeName, OFFICE);
  await setValue(SEL.presetEnterprise, true);
  await click(SEL.setupButton);
  await type(SEL.adminUsername, ADMIN.username);
  await type(SEL.adminDisplayName, ADMIN.name);
  await type(SEL.adminPassword, ADMIN.password);
  await type(SEL.adminPassword2, ADMIN.password);
  await click(SEL.createAdmin);
  await find(SEL.matter);
}
async function signIn() {
  await type(SEL.signInUsername, ADMIN.username);
  await type(SEL.signInPassword, ADMIN.password);
  await click(SEL.signIn);
  await waitFor("the admin signed in", async () => (await text(SEL.userName)).trim() === ADMIN.name);
}
/** Registers a named complaint and prints (exports) its slip; returns its number. */
async function registerAndPrint(c) {
  await click(SEL.navIntake);
  await setValue(SEL.kind, "complaint");
  await setValue(SEL.channel, "visit");
  await type(SEL.complainantName, c.name);
  await type(SEL.complainantPhone, "13800138000");
  await setValue(SEL.category, "wage_fee");
  await setValue(SEL.severity, "ordinary");
  await type(SEL.matter, c.matter);
  await type(SEL.facts, `${c.name}反映：${c.matter}。`);
  await click(SEL.save);
  const number = await waitFor("the new case number", async () => (await text(SEL.savedNumber)).match(/TS-\d{4}-\d{6}/)?.[0]);
  await click(SEL.navRegister);
  await type(SEL.search, number);
  await click(SEL.caseRow(number));
  await waitFor("the case view", async () => (await text(SEL.caseNumber)).includes(number));
  await click(SEL.exportSlip);
  await waitFor("the slip saved", async () => (await text(SEL.exportStatus)).includes(".pdf"), 30000);
  const pdf = readdirSync(saveDir).find((f) => f.endsWith(".pdf") && f.includes(number));
  if (!pdf) throw new Error(`no slip for ${number} in ${saveDir}: ${readdirSync(saveDir)}`);
  const words = execFileSync("pdftotext", ["-layout", join(saveDir, pdf), "-"]).toString();
  for (const needle of [number, c.name, "投诉和举报登记单", c.matter]) {
    if (!words.includes(needle)) throw new Error(`the slip lacks ${needle}`);
  }
  console.log(`  registered ${number} (${c.name}) and printed its slip: ${pdf}`);
  return number;
}
async function listedNumbers() {
  await click(SEL.navRegister);
  await type(SEL.search, "");
  await click(SEL.resetFilters).catch(() => {});
  await sleep(500);
  return js(`return [...document.querySelectorAll(arguments[0])].map(r => r.dataset.number).sort()`, SEL.caseRows);
}
async function status() {
  const r = await invoke("plugin:desk-update|status");
  if (r.err) throw new Error(`status refused: ${JSON.stringify(r.err)}`);
  return r.ok;
}

const phases = {
  "first-run": async () => {
    await firstRun();
    await registerAndPrint(CASES[0]);
  },
  another: async () => {
    await signIn();
    await registerAndPrint(CASES[1]);
  },
  check: async (...numbers) => {
    await signIn();
    const listed = await waitFor("the cases listed", async () => {
      const n = await listedNumbers();
      return n.length >= numbers.length ? n : null;
    });
    if (JSON.stringify(listed) !== JSON.stringify([...numbers].sort())) {
      throw new Error(`the register lists ${listed}, expected ${numbers}`);
    }
    console.log(`  the register lists ${listed.join(", ")}`);
  },
  version: async (want) => {
    await signIn();
    const st = await status();
    console.log(`  running version ${st.version}, installed from ${st.installed_from}, update key: ${st.has_key}`);
    if (st.version !== want) throw new Error(`the program says ${st.version}, expected ${want}`);
  },
  "update-file": async (file, expect) => {
    await signIn();
    const r = await invoke("plugin:desk-update|from_file");
    if (expect === "installed") {
      if (r.err || !r.ok) throw new Error(`the update was refused: ${JSON.stringify(r.err)}`);
      console.log(`  installed ${r.ok.version} from ${file}`);
    } else {
      if (!r.err) throw new Error(`${file} was accepted: ${JSON.stringify(r.ok)}`);
      if (r.err.code !== expect) throw new Error(`expected ${expect}, got ${JSON.stringify(r.err)}`);
      console.log(`  refused ${file}: ${r.err.message}`);
    }
  },
  "update-online": async (url, want) => {
    await signIn();
    const set = await invoke("plugin:desk-update|set_endpoint", { endpoint: url });
    if (set.err) throw new Error(`the address was refused: ${JSON.stringify(set.err)}`);
    const offer = await invoke("plugin:desk-update|check");
    if (offer.err || offer.ok?.version !== want) throw new Error(`the check found ${JSON.stringify(offer)}`);
    console.log(`  ${url} offers ${offer.ok.version}`);
    const done = await invoke("plugin:desk-update|install");
    if (done.err || done.ok?.version !== want) throw new Error(`the install gave ${JSON.stringify(done)}`);
    console.log(`  downloaded, verified and installed ${done.ok.version}`);
  },
};
if (!phases[phase]) {
  console.error(`unknown phase ${phase}`);
  process.exit(2);
}

const env = { ...process.env, COMPLAINT_DESK_SAVE_DIR: saveDir, COMPLAINT_DESK_NO_OPEN: "1" };
delete env.COMPLAINT_DESK_DB; // the installed program's default register
if (phase === "update-file") env.COMPLAINT_DESK_UPDATE_FILE = resolve(rest[0]);
const driver = spawn("tauri-driver", ["--port", String(PORT), "--native-port", String(PORT + 1000)], {
  env,
  stdio: ["ignore", "inherit", "inherit"],
});
let ok = false;
try {
  await waitFor("tauri-driver", async () => (await fetch(`${BASE}/status`)).ok, 20000);
  const created = await wd("POST", "/session", {
    capabilities: { alwaysMatch: { "tauri:options": { application: app } } },
  });
  session = created.sessionId;
  await phases[phase](...rest);
  ok = true;
} catch (e) {
  console.log(`FAIL smoke ${phase}: ${e.stack ?? e}`);
  if (session) await screenshot(`failure-${phase}`).catch(() => {});
} finally {
  if (session) await wd("DELETE", `/session/${session}`).catch(() => {});
  driver.kill();
  await sleep(1000);
}
console.log(`${ok ? "ok  " : "FAIL"} smoke ${phase}`);
process.exit(ok ? 0 : 1);
