// The office network end to end: `desk serve` holds a fresh register on
// 127.0.0.1 over HTTPS; browser seats (Debian's chromium, driven by
// playwright-core; two contexts are two seats with their own cookies) sign
// in as different users. The clerk registers a case and the other seats'
// lists show it without a reload; two department heads act on the same case
// and the second is refused as stale, naming the first, with what they typed
// kept; the desktop app, started fresh, is made a seat of the host on its
// first screen (address, pairing code) and follows the same changes; the
// host killed and started again is reached again by itself.
//
// usage: xvfb-run -a node tests/e2e/network.mjs path/to/desk [path/to/complaint-desk]
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { startTauriDriver, webdriver } from "./webdriver.mjs";

const desk = resolve(process.argv[2] ?? "target/debug/desk");
const app = process.argv[3] ? resolve(process.argv[3]) : null;
const ART = new URL("./artifacts/network/", import.meta.url).pathname;
rmSync(ART, { recursive: true, force: true });
mkdirSync(ART, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), "desk-net-"));
const db = join(dir, "office.sqlite3");
const PASSWORD = "Desk-2026-pass";

// ---- the host ---------------------------------------------------------------
let host = null;
let pairingCode = "";
/** Starts `desk serve` on `port` (0: any) and resolves with its base URL. */
function serve(port = 0) {
  return new Promise((ok, fail) => {
    const p = spawn(desk, ["serve", "--db", db, "--listen", `127.0.0.1:${port}`], { stdio: ["ignore", "pipe", "pipe"] });
    host = p;
    let out = "";
    const timer = setTimeout(() => fail(new Error(`desk serve did not start: ${out}`)), 20000);
    p.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/serving (https:\/\/\S+)/);
      const code = out.match(/pairing code: (\S+)/);
      if (m && code) {
        pairingCode = code[1];
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    p.stderr.on("data", (d) => (out += d));
    p.on("exit", (code) => fail(new Error(`desk serve exited (${code}): ${out}`)));
  });
}

// ---- the run ----------------------------------------------------------------
const results = [];
let shots = 0;
async function step(name, fn) {
  try {
    await fn();
    results.push([name, true]);
    console.log(`ok   ${name}`);
  } catch (e) {
    results.push([name, false]);
    console.log(`FAIL ${name}\n     ${e.stack ?? e}`);
    for (const [who, page] of Object.entries(seats)) await page.screenshot({ path: join(ART, `failure-${results.length}-${who}.png`) }).catch(() => {});
  }
}
const shot = (page, name) => page.screenshot({ path: join(ART, `${String(++shots).padStart(2, "0")}-${name}.png`), fullPage: false });

const seats = {};
let base = await serve();
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: ["--no-sandbox"] });

/** A seat: its own browser context (cookies) with the seat's name kept in it. */
async function seat(name) {
  const ctx = await browser.newContext({ ignoreHTTPSErrors: true, locale: "zh-CN", viewport: { width: 1360, height: 900 } });
  await ctx.addInitScript((n) => localStorage.setItem("desk.seatName", n), name);
  const page = await ctx.newPage();
  page.on("pageerror", (e) => console.log(`     [${name}] page error: ${e.message}`));
  return page;
}

/** One call from a seat's page, as the UI makes it (its cookie, CSRF header, origin). */
async function api(page, op, input) {
  return page.evaluate(
    async ([op, input]) => {
      const csrf = document.cookie.split(";").map((s) => s.trim().split("=")).find(([k]) => k === "desk_csrf")?.[1] ?? "";
      const res = await fetch(`/api/op/${op}`, { method: "POST", headers: { "content-type": "application/json", "x-csrf-token": csrf }, body: JSON.stringify({ input, key: crypto.randomUUID() }) });
      const body = await res.json();
      if (!res.ok) throw new Error(`${op}: ${body.code} ${body.message}`);
      return body;
    },
    [op, input],
  );
}

async function signIn(page, username) {
  await page.goto(base + "/");
  await page.locator("#sign-in-username").waitFor();
  await page.fill("#sign-in-username", username);
  await page.fill("#sign-in-password", PASSWORD);
  await page.click("#btn-sign-in");
  await page.locator(".app-header").waitFor();
}

// ---- the desktop seat (tauri-driver) ------------------------------------------
let D = null;
let driver = null;
async function desktopSeat(number) {
  const home = join(dir, "desktop");
  mkdirSync(home, { recursive: true });
  const env = { ...process.env, XDG_CONFIG_HOME: join(home, "config"), XDG_DATA_HOME: join(home, "data"), COMPLAINT_DESK_NO_OPEN: "1" };
  delete env.COMPLAINT_DESK_DB;
  const started = await startTauriDriver(env);
  driver = started.driver;
  D = webdriver(started.base, ART);
  D.session = (await D.wd("POST", "/session", { capabilities: { alwaysMatch: { "tauri:options": { application: app } } } })).sessionId;

  await step("the desktop app on a new computer asks which register to use, and a wrong pairing code is refused", async () => {
    await D.find("#btn-use-local", 20000);
    await D.screenshot(`${String(++shots).padStart(2, "0")}-desktop-first-screen`);
    await D.type("#connect-address", base);
    await D.type("#connect-code", "AAAA-BBBB-CCCC-DDDD");
    await D.type("#connect-seat", "前台2号机");
    await D.click("#btn-connect");
    await D.waitFor("the refusal", async () => (await D.text("#connect-error")).length > 0, 20000);
    const said = await D.text("#connect-error");
    if (!/配对码|证书/.test(said)) throw new Error(`a wrong code is answered with: ${said}`);
    await D.screenshot(`${String(++shots).padStart(2, "0")}-desktop-wrong-code`);
  });

  await step("with the host's pairing code it becomes a seat, signs in and sees the office's register", async () => {
    await D.type("#connect-code", pairingCode.toLowerCase().replaceAll("-", " "));
    await D.click("#btn-connect");
    await D.find("#sign-in-username", 20000);
    await D.type("#sign-in-username", "wangsh");
    await D.type("#sign-in-password", PASSWORD);
    await D.click("#btn-sign-in");
    await D.click("#nav-register");
    await D.find(`tr[data-number="${number}"]`, 15000);
  });

  await step("a case the browser clerk registers appears on the desktop seat's list without a reload", async () => {
    const c = seats.clerk;
    await c.click("#nav-intake");
    await c.locator("#f-matter").waitFor();
    await c.selectOption("#f-kind", "complaint");
    await c.selectOption("#f-channel", "phone");
    await c.fill("#f-complainants-0-name", "刘芳");
    await c.fill("#f-complainants-0-phone", "13900139000");
    await c.selectOption("#f-category", "wage_fee");
    await c.fill("#f-matter", "加班费未按规定发放");
    await c.fill("#f-facts", "十一月加班四天，未发加班费。");
    await c.click("#btn-save");
    // The panel shows the new number (the last one may still be on it until then).
    await c.waitForFunction((first) => /TS-\d{4}-\d{6}/.test(document.querySelector("#saved-number")?.textContent ?? "") && !(document.querySelector("#saved-number")?.textContent ?? "").includes(first), number);
    const second = (await c.locator("#saved-number").innerText()).match(/TS-\d{4}-\d{6}/)?.[0];
    if (!second || second === number) throw new Error(`the second case is ${second}`);
    await D.find(`tr[data-number="${second}"]`, 5000);
    await D.screenshot(`${String(++shots).padStart(2, "0")}-desktop-seat-list`);
  });
}

try {
  await step("the office is set up from a browser seat: the register, the administrator and three colleagues", async () => {
    const admin = await seat("管理员电脑");
    seats.admin = admin;
    await admin.goto(base + "/");
    await api(admin, "setup_office", { office_name: "华东示范有限公司", preset: "enterprise", lang: null, address: "", phone: "" });
    await api(admin, "create_first_admin", { username: "admin", display_name: "李管理", password: PASSWORD, roles: ["admin"] });
    await api(admin, "create_user", { username: "zhoumin", display_name: "周敏", password: PASSWORD, roles: ["clerk"] });
    await api(admin, "create_user", { username: "wangsh", display_name: "王审核", password: PASSWORD, roles: ["reviewer"] });
    await api(admin, "create_user", { username: "chendc", display_name: "陈督查", password: PASSWORD, roles: ["inspector"] });
    const users = await api(admin, "list_users", null);
    if (users.length !== 4) throw new Error(`${users.length} users`);
  });

  await step("each seat signs in on its own: the clerk at the front desk, the department head and the inspector elsewhere", async () => {
    seats.clerk = await seat("前台1号机");
    seats.wang = await seat("审核室");
    seats.chen = await seat("督查室");
    await signIn(seats.clerk, "zhoumin");
    await signIn(seats.wang, "wangsh");
    await signIn(seats.chen, "chendc");
    const who = await seats.wang.locator(".app-header").innerText();
    if (!who.includes("王审核")) throw new Error(`the head's header shows: ${who}`);
    if (!(await seats.clerk.locator(".app-header").innerText()).includes("周敏")) throw new Error("the clerk's header does not name her");
    await seats.wang.click("#nav-register");
    await seats.wang.locator("#case-rows").waitFor();
    await shot(seats.clerk, "clerk-intake");
  });

  let number = "";
  await step("the clerk registers a complaint and the head's open list shows it without a reload", async () => {
    const c = seats.clerk;
    await c.locator("#f-matter").waitFor();
    await c.selectOption("#f-kind", "complaint");
    await c.selectOption("#f-channel", "visit");
    await c.fill("#f-complainants-0-name", "王小明");
    await c.fill("#f-complainants-0-phone", "13800138000");
    await c.fill("#f-accused-0-name", "赵主任");
    await c.selectOption("#f-category", "wage_fee");
    await c.fill("#f-matter", "十月份绩效奖金被无故克扣");
    await c.fill("#f-facts", "本人十月份出满勤，但绩效奖金被扣除八百元，车间未作说明。");
    await c.fill("#f-request", "补发被扣奖金");
    await c.click("#btn-save");
    await c.locator("#saved-number").waitFor();
    number = (await c.locator("#saved-number").innerText()).match(/TS-\d{4}-\d{6}/)?.[0] ?? "";
    if (!number) throw new Error("no case number after saving");
    await shot(c, "clerk-saved");
    // No reload, no click on the head's seat: the change feed brings it.
    await seats.wang.locator(`tr[data-number="${number}"]`).waitFor({ timeout: 5000 });
    await shot(seats.wang, "head-list-shows-new-case");
  });

  await step("the head assigns the inspector; both start the investigation at once: the inspector's is refused as stale, naming the head, and the typing is kept", async () => {
    const [w, ch] = [seats.wang, seats.chen];
    // 王审核 accepts the case and reviews it, giving it to 陈督查.
    await w.click(`tr[data-number="${number}"]`);
    await w.locator("#btn-step-accept").waitFor();
    await w.click("#btn-step-accept");
    await w.click("#btn-step-submit");
    await w.locator('#case-handling[data-status="accepted"]').waitFor();
    await w.click("#btn-step-review");
    await w.locator("#btn-step-submit").waitFor();
    const box = await w.evaluate(() => [...document.querySelectorAll("#step-inspector_ids label")].find((l) => l.textContent.includes("陈督查"))?.querySelector("input")?.id);
    if (!box) throw new Error("the review form does not offer 陈督查 as an inspector");
    await w.check(`#${box}`);
    await w.click("#btn-step-submit");
    await w.locator('#case-handling[data-status="reviewed"]').waitFor();
    // The inspector opens the case given to him and starts writing.
    await ch.click("#nav-register");
    await ch.locator(`tr[data-number="${number}"]`).click();
    for (const p of [w, ch]) await p.locator("#btn-step-start_investigation").waitFor();
    await ch.click("#btn-step-start_investigation");
    await ch.locator("#btn-step-submit").waitFor();
    const comment = ch.locator("#step-comment");
    const typed = "今天下午到生产部调阅十月份考勤和工资表。";
    if (await comment.count()) await comment.fill(typed);
    // 王审核 starts it first.
    await w.click("#btn-step-start_investigation");
    await w.locator("#btn-step-submit").waitFor();
    await w.click("#btn-step-submit");
    await w.locator('#case-handling[data-status="investigating"]').waitFor();
    // The inspector's page says the case changed and keeps the typing.
    if (await comment.count()) {
      await ch.locator("#case-changed").waitFor({ timeout: 5000 });
      await shot(ch, "inspector-told-case-changed");
    }
    await ch.click("#btn-step-submit");
    const banner = ch.locator("#case-error");
    await banner.waitFor();
    await ch.waitForFunction(() => /已由王审核于/.test(document.querySelector("#case-error")?.textContent ?? ""), null, { timeout: 5000 });
    const text = await banner.innerText();
    if (!text.includes(number)) throw new Error(`the refusal does not name the case: ${text}`);
    if ((await comment.count()) && (await comment.inputValue()) !== typed) throw new Error("the typed comment was lost");
    await shot(ch, "inspector-refused-stale");
  });

  if (app) await desktopSeat(number);

  await step("the host killed and started again: every seat says the connection is lost, then carries on by itself, still signed in, with what was typed", async () => {
    const c = seats.clerk;
    // The clerk is halfway through the next registration when the host goes down.
    await c.click("#nav-intake");
    await c.locator("#f-matter").waitFor();
    await c.selectOption("#f-kind", "complaint");
    await c.selectOption("#f-channel", "phone");
    await c.fill("#f-complainants-0-name", "孙丽");
    await c.fill("#f-complainants-0-phone", "13700137000");
    await c.selectOption("#f-category", "wage_fee");
    await c.fill("#f-matter", "夜班补贴连续两个月未发");
    const facts = "九月、十月上夜班共十二个，工资条上没有夜班补贴。";
    await c.fill("#f-facts", facts);
    host.removeAllListeners("exit");
    host.kill("SIGKILL");
    const port = new URL(base).port;
    await c.locator("#connection-bar").waitFor({ timeout: 10000 });
    const bar = await c.locator("#connection-bar").innerText();
    if (!bar.includes("连接中断")) throw new Error(`the bar says: ${bar}`);
    await shot(c, "clerk-host-lost");
    base = await serve(Number(port));
    await c.locator("#connection-bar").waitFor({ state: "detached", timeout: 15000 });
    await seats.wang.locator("#connection-bar").waitFor({ state: "detached", timeout: 15000 });
    if (D?.session) {
      await D.waitFor("the desktop seat online again", async () => !(await D.js("return !!document.querySelector('#connection-bar')")), 20000);
    }
    // Still signed in (the host kept the seat's session), the form as typed.
    if (!(await c.locator(".app-header").innerText()).includes("周敏")) throw new Error("the clerk is no longer signed in");
    if ((await c.locator("#f-facts").inputValue()) !== facts) throw new Error("what the clerk typed was lost");
    const before = (await c.locator("#saved-number").innerText().catch(() => "")) || "";
    await c.click("#btn-save");
    await c.waitForFunction((b) => /TS-\d{4}-\d{6}/.test(document.querySelector("#saved-number")?.textContent ?? "") && (document.querySelector("#saved-number")?.textContent ?? "") !== b, before);
    const saved = (await c.locator("#saved-number").innerText()).match(/TS-\d{4}-\d{6}/)?.[0];
    await shot(c, "clerk-saved-after-restart");
    // The case started before the kill is there, under investigation, and the new one too.
    const list = await api(seats.wang, "list_cases", {});
    const row = list.items.find((x) => x.number === number);
    if (!row || row.status !== "investigating") throw new Error(`after the restart the case is ${JSON.stringify(row)}`);
    if (!list.items.some((x) => x.number === saved)) throw new Error(`the case saved after the restart (${saved}) is not in the head's list`);
  });
} finally {
  if (D?.session) await D.wd("DELETE", `/session/${D.session}`).catch(() => {});
  driver?.kill();
  await browser.close().catch(() => {});
  host?.removeAllListeners("exit");
  host?.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}

const failed = results.filter(([, ok]) => !ok);
console.log(`\n${results.length - failed.length}/${results.length} network steps passed; screenshots in ${ART}`);
process.exit(failed.length ? 1 : 0);
