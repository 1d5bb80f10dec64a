// A minimal WebDriver client (JSON over HTTP with Node's fetch) for
// tauri-driver: find, click, type, read, run a script, wait, screenshot.
// The desktop e2e (run.mjs) and the desktop seat of the network e2e share it.
import { writeFileSync } from "node:fs";
import { join } from "node:path";

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A client of the WebDriver server at `BASE`, saving screenshots in `artifacts`. */
export function webdriver(BASE, artifacts) {
  const W = { session: undefined };

  // ---- a minimal WebDriver client -------------------------------------------
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
