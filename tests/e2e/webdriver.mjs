// A minimal WebDriver client (JSON over HTTP with Node's fetch) for
// tauri-driver: find, click, type, read, run a script, wait, screenshot.
// The desktop e2e (run.mjs) and the desktop seat of the network e2e share it.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A TCP port on 127.0.0.1 that the system says is free now. */
function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

/**
 * Starts tauri-driver with `env` on two ports the system gives out (its own
 * and WebKitWebDriver's), and waits until it answers. A driver that exits
 * first (a port taken in between, a crash) is reported and started again on
 * new ports, up to three times. Resolves with `{ driver, base }`. `stdout`:
 * "inherit" shows the driver's output, "ignore" drops it.
 */
export async function startTauriDriver(env, { timeout = 60000, stdout = "inherit" } = {}) {
  let why = "";
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    let native = await freePort();
    while (native === port) native = await freePort();
    const driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(native)], {
      env,
      stdio: ["ignore", stdout, "inherit"],
    });
    let exited = null;
    driver.once("exit", (code, signal) => (exited = signal ?? `exit code ${code}`));
    driver.once("error", (e) => (exited = String(e)));
    const base = `http://127.0.0.1:${port}`;
    const end = Date.now() + timeout;
    while (Date.now() < end && exited === null) {
      try {
        if ((await fetch(`${base}/status`)).ok) return { driver, base };
      } catch {}
      await sleep(200);
    }
    if (exited === null) {
      driver.kill();
      throw new Error(`tauri-driver on port ${port} did not answer within ${timeout} ms`);
    }
    why = `tauri-driver (ports ${port}, ${native}) ended before it answered: ${exited}`;
    console.log(`  ${why}; starting it again (attempt ${attempt + 1} of 3)`);
  }
  throw new Error(why);
}

/** A client of the WebDriver server at `BASE`, saving screenshots in `artifacts`. */
export function webdriver(BASE, artifacts) {
  const W = { session: undefined, base: BASE };

  // ---- a minimal WebDriver client -------------------------------------------
  async function wd(method, path, body) {
    const res = await fetch(W.base + path, {
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
  const s = (p) => `/session/${W.session}${p}`;

  async function find(css, timeout = 10000) {
    const end = Date.now() + timeout;
    let last;
    while (Date.now() < end) {
      try {
        const el = await wd("POST", s("/element"), { using: "css selector", value: css });
        const id = el[ELEMENT] ?? el.ELEMENT ?? Object.values(el)[0];
        if (id) return id;
        throw new Error(`no element id in ${JSON.stringify(el)}`);
      } catch (e) {
        last = e;
        await sleep(150);
      }
    }
    throw new Error(`no element ${css} within ${timeout} ms: ${last}`);
  }
  const click = async (css) => {
    const id = await find(css);
    // Centre it first: WebKit scrolls a target only to the window's edge.
    await js("document.querySelector(arguments[0])?.scrollIntoView({block: 'center'});", css);
    return wd("POST", s(`/element/${id}/click`), {});
  };
  const type = async (css, text) => {
    const id = await find(css);
    await wd("POST", s(`/element/${id}/clear`), {});
    if (text) await wd("POST", s(`/element/${id}/value`), { text });
  };
  const text = async (css) => wd("GET", s(`/element/${await find(css)}/text`));
  const js = (script, ...args) => wd("POST", s("/execute/sync"), { script, args });
  async function waitFor(what, fn, timeout = 15000) {
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
    const file = join(artifacts, `${name}.png`);
    writeFileSync(file, Buffer.from(png, "base64"));
    console.log(`  screenshot: ${file}`);
  }
  /** Sets a <select> or checkbox through the DOM and tells the page it changed. */
  const setValue = async (css, value) => {
    await find(css);
    return setValueNow(css, value);
  };
  const setValueNow = (css, value) =>
    js(
      `const el = document.querySelector(arguments[0]);
       if (!el) throw new Error('missing ' + arguments[0]);
       if (el.type === 'checkbox' || el.type === 'radio') el.checked = arguments[1]; else el.value = arguments[1];
       el.dispatchEvent(new Event('input', {bubbles: true}));
       el.dispatchEvent(new Event('change', {bubbles: true}));`,
      css,
      value,
    );
  return Object.assign(W, { wd, find, click, type, text, js, waitFor, screenshot, setValue, setValueNow });
}
