// How fast the desktop app starts and how much memory it holds, measured on
// the real app (tauri-driver + WebKitWebDriver under Xvfb) with a register
// made by `desk-bench --make-register FILE --cases N` (user "bench").
//
//   xvfb-run -a node tests/e2e/startup.mjs target/debug/complaint-desk REGISTER [RUNS]
//
// Each run starts the app on a copy of the register and prints: launch to
// the sign-in form ready; sign-in (the password check included) to the
// register list's first page shown; and, after 5 s idle with the list open,
// the resident memory of the app and its WebKit processes together (RSS, and
// PSS, which counts shared pages once). Then the medians. The first run
// also makes the day's automatic backup and raises the deadline flags,
// as a first start does; the later runs find the day's backup made. Figures only: the
// targets live in the README, not in a pass/fail here.

import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { sleep, startTauriDriver, webdriver } from "./webdriver.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const app = resolve(process.argv[2] ?? "");
const register = resolve(process.argv[3] ?? "");
const runs = Number(process.argv[4] ?? 3);
if (!existsSync(app) || !existsSync(register)) {
  console.error("usage: node tests/e2e/startup.mjs APP-BINARY REGISTER-FILE [RUNS]");
  process.exit(2);
}
const artifacts = join(here, "artifacts", "startup");
mkdirSync(artifacts, { recursive: true });
const work = mkdtempSync(join(tmpdir(), "desk-startup-"));
const dbPath = join(work, "register.sqlite3");

const { driver, base } = await startTauriDriver(
  { ...process.env, COMPLAINT_DESK_DB: dbPath, COMPLAINT_DESK_NO_OPEN: "1" },
  { stdout: "ignore" },
);
const W = webdriver(base, artifacts);
const { wd, find, click, type, js, waitFor, screenshot } = W;

/** Every process, as pid → { ppid, comm }. */
function processes() {
  const all = new Map();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      all.set(Number(d), { ppid, comm });
    } catch {
      // gone meanwhile
    }
  }
  return all;
}

/** The app's process and every process it started (WebKit's web and network processes). */
function appProcesses() {
  const all = processes();
  const roots = [...all].filter(([, p]) => p.comm === "complaint-desk").map(([pid]) => pid);
  const mine = new Set(roots);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, p] of all) {
      if (!mine.has(pid) && mine.has(p.ppid)) {
        mine.add(pid);
        grew = true;
      }
    }
  }
  return [...mine].map((pid) => ({ pid, comm: all.get(pid).comm }));
}

/** kB of a field in /proc/PID/smaps_rollup. */
function rollup(pid, field) {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const results = [];
try {
  for (let i = 1; i <= runs; i++) {
    copyFileSync(register, dbPath);
    for (const ext of ["-wal", "-shm"]) if (existsSync(register + ext)) copyFileSync(register + ext, dbPath + ext);
    const t0 = performance.now();
    const created = await wd("POST", "/session", { capabilities: { alwaysMatch: { "tauri:options": { application: app } } } });
    W.session = created.sessionId;
    await find("#sign-in-username", 30000);
    const signInReady = performance.now() - t0;
    await type("#sign-in-username", "bench");
    await type("#sign-in-password", "bench-password");
    const t1 = performance.now();
    await click("#btn-sign-in");
    await find("#nav-register", 180000);
    await click("#nav-register");
    await waitFor("the register's first page", async () => js("return document.querySelectorAll('tr.case-row').length > 0"), 180000);
    const listShown = performance.now() - t1;
    const total = await js("return (document.querySelector('#page-info')?.textContent ?? '').trim()");
    await sleep(5000);
    const procs = appProcesses();
    const rss = procs.reduce((s, p) => s + rollup(p.pid, "Rss"), 0);
    const each = procs.map((p) => `${p.comm} ${(rollup(p.pid, "Rss") / 1024).toFixed(0)}`).join(", ");
    const pss = procs.reduce((s, p) => s + rollup(p.pid, "Pss"), 0);
    if (i === 1) await screenshot("startup-register-list");
    results.push({ signInReady, listShown, rss, pss });
    console.log(
      `run ${i}: launch → sign-in form ${signInReady.toFixed(0)} ms; sign-in → register list ${listShown.toFixed(0)} ms ${total ? `(${total})` : ""}; ` +
        `idle memory of ${procs.length} processes (RSS MB: ${each}): RSS ${(rss / 1024).toFixed(0)} MB, PSS ${(pss / 1024).toFixed(0)} MB`,
    );
    await wd("DELETE", `/session/${W.session}`);
    W.session = undefined;
    await sleep(1500);
  }
  const m = (k) => median(results.map((r) => r[k]));
  console.log(
    `median of ${runs}: launch → sign-in form ${m("signInReady").toFixed(0)} ms, sign-in → register list ${m("listShown").toFixed(0)} ms, ` +
      `launch to the list without the typing ${(m("signInReady") + m("listShown")).toFixed(0)} ms; idle RSS ${(m("rss") / 1024).toFixed(0)} MB, PSS ${(m("pss") / 1024).toFixed(0)} MB`,
  );
} catch (e) {
  console.error(`startup measurement failed: ${e.stack ?? e}`);
  process.exitCode = 1;
} finally {
  if (W.session) await wd("DELETE", `/session/${W.session}`).catch(() => {});
  driver.kill();
  await sleep(500);
  rmSync(work, { recursive: true, force: true });
}
