// End-to-end test of the real desktop app: tauri-driver + WebKitWebDriver
// drive the built binary (under Xvfb) on a fresh temp register, as a clerk
// would. No dependencies: WebDriver is JSON over HTTP, and Node has fetch.
//
//   xvfb-run -a node tests/e2e/run.mjs target/debug/complaint-desk

import { execFileSync } from "node:child_process";
import { inflateRawSync } from "node:zlib";
import { get as httpsGet } from "node:https";
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync, statSync, unlinkSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { sleep, startTauriDriver, webdriver } from "./webdriver.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const app = resolve(process.argv[2] ?? join(here, "../../target/debug/complaint-desk"));
const artifacts = join(here, "artifacts");
mkdirSync(artifacts, { recursive: true });
const work = mkdtempSync(join(tmpdir(), "desk-e2e-"));
const saveDir = join(work, "saved");
mkdirSync(saveDir);
const dbPath = join(work, "register.sqlite3");
const attachment = join(work, "工资条.jpg");
writeFileSync(attachment, "a photo of the October payslip");
// The letterhead logo the shell's file chooser takes unattended; the test writes it before each pick.
const logoFile = join(work, "徽标.png");
writeFileSync(logoFile, "this is not a picture");
// An office's old register with one bad row (a category the office does not have).
const importFile = join(artifacts, "旧登记簿.csv");
writeFileSync(
  importFile,
  "\ufeff原编号,类别,受理方式,收到时间,投诉人,联系电话,问题类别,紧急程度,事由\r\n" +
    "OLD-0041,投诉,来电,2025/3/5 9:30,孙丽,13900139000,态度恶劣、刁难推诿,一般,窗口人员推诿不办\r\n" +
    "OLD-0042,举报,来信,2025年4月1日,,,以权谋私、贪污受贿索贿,重要,仓库管理员私卖废料\r\n" +
    "OLD-0043,投诉,来访,2025-04-02 10:00,周强,,食堂伙食,一般,食堂饭菜不卫生\r\n",
);

if (!existsSync(app)) {
  console.error(`the app binary is missing: ${app} (build it with cargo build -p complaint-desk)`);
  process.exit(1);
}

// tauri-driver's address is known once it has started (startTauriDriver below).
const W = webdriver(null, artifacts);
const { wd, find, click, type, text, js, waitFor, screenshot, setValue, setValueNow } = W;

/** Names and contents of a zip file's entries (an XLSX is one), from its central directory. */
function unzip(buf) {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error("not a zip file");
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const files = new Map();
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extra = buf.readUInt16LE(p + 30);
    const comment = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString("utf8");
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    files.set(name, method === 8 ? inflateRawSync(data) : data);
    p += 46 + nameLen + extra + comment;
  }
  return files;
}

/** The version of the case shown (it goes up with every change). */
const caseVersion = () => js("return document.querySelector('#case-handling')?.dataset.version ?? ''");

/** Waits until the case page shows a newer version than `before`. */
const caseReloaded = (before) => waitFor("the case shown again", async () => (await caseVersion()) !== before);

/** Opens a workflow step's form, fills it, submits it and waits for the case to show the step. */
async function submitStep(button, fill) {
  await click(button);
  await find("#btn-step-submit");
  if (fill) await fill();
  const before = await caseVersion();
  await click("#btn-step-submit");
  await caseReloaded(before);
}

/** Submits a record's form (`submit` its button) and waits for the case to show it. */
async function submitRecord(submit) {
  const before = await caseVersion();
  await click(submit);
  await caseReloaded(before);
}

/** Accepts, reviews (the signed-in administrator as the one inspector, picked
 *  from the office's users) and starts the investigation of the open case. */
async function investigate() {
  await submitStep("#btn-step-accept");
  await find("#btn-step-review");
  await submitStep("#btn-step-review", async () => {
    const me = await js("return [...document.querySelectorAll('#step-inspector_ids label')].find(l => l.textContent.includes('李娜'))?.querySelector('input')?.id");
    if (!me) throw new Error("the review form does not offer 李娜 as an inspector");
    await setValue(`#${me}`, true);
  });
  await submitStep("#btn-step-start_investigation");
}

// ---- the run --------------------------------------------------------------
const results = [];
async function step(name, fn) {
  try {
    await fn();
    results.push([name, true]);
    console.log(`ok   ${name}`);
  } catch (e) {
    results.push([name, false]);
    console.log(`FAIL ${name}\n     ${e.stack ?? e}`);
    try {
      await screenshot(`failure-${results.length}`);
    } catch {}
    throw e;
  }
}

// tauri-driver on ports the system gives out, so two runs on one machine (or
// a WebKitWebDriver left from an earlier run) do not collide.
const { driver, base: driverBase } = await startTauriDriver({
  ...process.env,
  COMPLAINT_DESK_DB: dbPath,
  // Where this window works (connection.json) is kept in the run's folder.
  XDG_CONFIG_HOME: join(work, "config"),
  COMPLAINT_DESK_SAVE_DIR: saveDir,
  COMPLAINT_DESK_NO_OPEN: "1",
  COMPLAINT_DESK_ATTACH_FILE: attachment,
  COMPLAINT_DESK_IMPORT_FILE: importFile,
  COMPLAINT_DESK_LOGO_FILE: logoFile,
});
W.base = driverBase;

/** Each page of a PDF as a grey image at 40 dpi: [{ w, h, px }]. */
function pages(pdf) {
  const out = mkdtempSync(join(tmpdir(), "desk-pages-"));
  execFileSync("pdftoppm", ["-r", "40", "-gray", pdf, join(out, "p")], { stdio: ["ignore", "ignore", "ignore"] });
  return readdirSync(out)
    .sort()
    .map((f) => {
      const buf = readFileSync(join(out, f));
      // P5 header: magic, width height, maxval, each on its own line.
      let at = 0;
      const fields = [];
      while (fields.length < 4) {
        const end = buf.indexOf(0x0a, at);
        fields.push(...buf.subarray(at, end).toString("latin1").trim().split(/\s+/));
        at = end + 1;
      }
      return { w: Number(fields[1]), h: Number(fields[2]), px: buf.subarray(at) };
    });
}

/** How far two page images are apart: the mean absolute grey difference (0–255). */
function pageDistance(a, b) {
  if (a.w !== b.w || a.h !== b.h) return 255;
  let sum = 0;
  for (let i = 0; i < a.px.length; i++) sum += Math.abs(a.px[i] - b.px[i]);
  return sum / a.px.length;
}

let failed = false;
let anonymousCode = "";
/** The repeat complaint 周敏 registers. */
let again = "";
const ADMIN_PASSWORD = "Desk-admin-2026";
const CLERK_PASSWORD = "Zhoumin-2026";
/** Launches the app in a new WebDriver session (tauri-driver gives it the env above: the same register). */
async function launch() {
  const created = await wd("POST", "/session", {
    capabilities: { alwaysMatch: { "tauri:options": { application: app } } },
  });
  W.session = created.sessionId;
}
/** Closes the app (ends the session) and starts it again on the same register. */
async function restart() {
  await quit();
  await launch();
}
async function quit() {
  const ended = W.session;
  W.session = undefined;
  await wd("DELETE", `/session/${ended}`);
  await sleep(1500); // let the process go and SQLite close the file
}
try {
  await launch();

  await step("first run asks for the office and its policy preset", async () => {
    await type("#setup-office-name", "华东示范有限公司");
    await setValue('input[name="preset"][value="enterprise"]', true);
    await screenshot("01-setup");
    await click("#btn-setup");
    await find("#admin-username", 15000);
  });

  await step("the first user is the administrator, with all five roles ticked, and is signed in", async () => {
    const ticked = await js(
      "return ['clerk','inspector','reviewer','leader','admin'].map(r => document.querySelector('#admin-role-' + r)?.checked)",
    );
    if (!ticked.every(Boolean)) throw new Error(`not every role is ticked: ${ticked}`);
    if (!(await js("return document.querySelector('#admin-role-admin').disabled"))) throw new Error("the admin role can be cleared");
    // The clerk who registers the cases is the administrator: she takes part in them.
    await type("#admin-username", "admin");
    await type("#admin-display-name", "李娜");
    await type("#admin-password", ADMIN_PASSWORD);
    await type("#admin-password2", ADMIN_PASSWORD + "x");
    await click("#btn-create-admin");
    await waitFor("the mismatch error", async () => (await text("#admin-password2-error")).includes("不一致"));
    await type("#admin-password2", ADMIN_PASSWORD);
    if (!(await js("return document.querySelector('#admin-password2-error').hidden"))) throw new Error("the mismatch error stays after retyping");
    await sleep(300);
    await screenshot("01b-create-admin");
    await click("#btn-create-admin");
    await find("#f-matter", 15000);
    const who = (await text("#user-name")).trim();
    if (who !== "李娜") throw new Error(`the header shows ${who}`);
  });

  let number;
  await step("a clerk registers a named complaint from the keyboard-first form", async () => {
    // The received time is stamped at the clerk's first input, not when the form was drawn.
    const before = await js("return document.querySelector('#f-received_at').value");
    if (before !== "") throw new Error(`a fresh form already has a received time: ${before}`);
    await setValue("#f-kind", "complaint");
    const stamped = await js("return document.querySelector('#f-received_at').value");
    if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(stamped)) throw new Error(`the first input stamped ${stamped}`);
    await setValue("#f-channel", "visit");
    // The receiving clerk is an account, the signed-in user by default.
    const clerk = await js("const s = document.querySelector('#f-receiving_clerk_id'); return s.options[s.selectedIndex].textContent");
    if (clerk !== "李娜") throw new Error(`the receiving clerk defaults to ${clerk}`);
    await type("#f-complainants-0-name", "王小明");
    await type("#f-complainants-0-unit", "生产一厂");
    await type("#f-complainants-0-phone", "13800138000");
    await type("#f-accused-0-name", "赵主任");
    await setValue("#f-category", "wage_fee");
    await setValue("#f-severity", "ordinary");
    await type("#f-matter", "十月份绩效奖金被无故克扣");
    await type("#f-facts", "本人十月份出满勤，但绩效奖金被扣除八百元，车间未作说明。");
    await type("#f-request", "补发被扣奖金");
    await screenshot("02-intake-filled");
    await click("#btn-save");
    number = await waitFor("the new case number", async () => {
      const t = (await text("#saved-number")).trim();
      return /TS-\d{4}-\d{6}/.test(t) ? t.match(/TS-\d{4}-\d{6}/)[0] : null;
    });
    if (number !== `TS-${new Date().getFullYear()}-000001`) throw new Error(`unexpected number ${number}`);
  });

  await step("a bad phone number is refused next to the field, in Chinese, and the form is kept", async () => {
    await type("#f-complainants-0-name", "张三");
    await type("#f-complainants-0-phone", "12345");
    await type("#f-matter", "测试错误提示");
    await click("#btn-save");
    const msg = await waitFor("a field error", async () => {
      const m = await js(
        `const err = document.querySelector('#f-complainants-0-phone-error');
         const input = document.querySelector('#f-complainants-0-phone');
         return err && input.getAttribute('aria-invalid') === 'true' ? err.textContent : '';`,
      );
      return m && m.includes("手机号") ? m : null;
    });
    const kept = await js(`return document.querySelector('#f-matter').value`);
    if (kept !== "测试错误提示") throw new Error(`the form lost its text: ${kept}`);
    // The one error banner lists the problem as a link that takes the user to the field.
    const link = await js("return document.querySelector('#form-error .banner-field')?.dataset.target");
    if (link !== "f-complainants-0-phone") throw new Error(`the banner links to ${link}`);
    await screenshot("03-validation");
    console.log(`     message: ${msg.trim()}`);
  });

  await step("the register finds the case by a Chinese substring of the name", async () => {
    await click("#nav-register");
    await type("#search", "小明");
    await waitFor("the case row", async () =>
      js(`return !!document.querySelector('tr.case-row[data-number="${number}"]')`),
    );
    const rows = await js(`return document.querySelectorAll('tr.case-row').length`);
    if (rows !== 1) throw new Error(`expected one row, got ${rows}`);
    await screenshot("04-register");
  });

  await step("opening the case and exporting its slip writes a Chinese PDF with number and name", async () => {
    await click(`tr.case-row[data-number="${number}"] td`);
    await waitFor("the case view", async () => (await text("#case-number")).includes(number));
    await click("#btn-export-slip");
    // 打印 opens the print dialog; 生成 PDF saves the document.
    await click("#btn-print-pdf");
    const status = await waitFor("the export status", async () => {
      const t = await text("#export-status");
      return t.includes(".pdf") ? t : null;
    }, 30000);
    const pdfs = readdirSync(saveDir).filter((f) => f.endsWith(".pdf"));
    if (pdfs.length !== 1) throw new Error(`expected one PDF in ${saveDir}, found ${pdfs}`);
    const pdf = join(saveDir, pdfs[0]);
    const extracted = execFileSync("pdftotext", ["-layout", pdf, "-"]).toString();
    for (const needle of [number, "王小明", "投诉和举报登记单", "十月份绩效奖金被无故克扣"]) {
      if (!extracted.includes(needle)) throw new Error(`the slip lacks ${needle}:\n${extracted}`);
    }
    console.log(`     ${status.trim()} (${statSync(pdf).size} bytes)`);
    await screenshot("05-case-view");
  });

  await step("the case is handled to the archive: review, interview, defence, findings, reply, follow-up", async () => {
    await click("#nav-register");
    await type("#search", number);
    await click(`tr.case-row[data-number="${number}"] td`);
    await waitFor("the case view", async () => (await text("#case-number")).includes(number));
    await find("#case-deadlines");
    const deadlines = await js(`return [...document.querySelectorAll('#case-deadlines [data-code]')].map(r => r.dataset.code)`);
    for (const code of ["review", "decide"]) {
      if (!deadlines.includes(code)) throw new Error(`deadline ${code} missing: ${deadlines}`);
    }
    await investigate();
    // Findings need the accused side's defence first: the core does not offer them before it.
    await find("#btn-interview");
    if (await js("return !!document.querySelector('#btn-step-write_findings')")) throw new Error("findings are offered before the defence");
    await click("#btn-interview");
    await type("#interview-interviewer", "吴督查");
    await type("#interview-interviewee", "王小明");
    await type("#interview-q-0", "奖金何时被扣？");
    await type("#interview-a-0", "十月工资发放时。");
    await submitRecord("#btn-interview-submit");
    await waitFor("the interview on the timeline", async () => (await text("#case-history")).includes("谈话"));
    await click("#btn-evidence");
    await type("#evidence-description", "十月份工资条照片");
    await type("#evidence-source", "投诉人提供");
    await setValue("#evidence-attach", true);
    await submitRecord("#btn-evidence-submit");
    await waitFor("the evidence with its file", async () => (await text("#case-records")).includes("工资条.jpg"));
    await click("#btn-verify-attachments");
    await waitFor("the attachment check", async () =>
      js(`return !!document.querySelector('#case-records .attach-ok')`),
    );
    await click("#btn-site-check");
    await type("#site-place", "生产一厂财务室");
    await type("#site-inspectors", "吴督查");
    await type("#site-findings", "调阅十月份工资表，确有扣发记录。");
    await submitRecord("#btn-site-submit");
    await waitFor("the site check", async () => (await text("#case-records")).includes("生产一厂财务室"));
    await click("#btn-defence");
    await type("#defence-statement", "扣发系按车间口头规定执行。");
    await submitRecord("#btn-defence-submit");
    await waitFor("the defence on the timeline", async () => (await text("#case-history")).includes("申辩"));
    await submitStep("#btn-step-write_findings", async () => {
      await type("#step-facts", "经核查，奖金扣发没有制度依据。");
      await setValue("#step-proposal-correction", true);
    });
    await submitStep("#btn-step-reply", async () => {
      await type("#step-summary", "责令补发被扣奖金。");
    });
    await submitStep("#btn-step-follow_up", async () => {
      await setValue("#step-satisfaction", "satisfied");
    });
    await submitStep("#btn-step-archive");
    await waitFor("the archived status", async () => (await text("#case-history")).includes("归档"));
    const state = await js(`return document.body.innerText`);
    if (!state.includes("已归档")) throw new Error("the case does not show 已归档");
    await screenshot("07-archived");
  });

  await step("an anonymous report gets a JB number and a query code that finds it", async () => {
    await click("#nav-intake");
    await setValue("#f-kind", "report");
    await setValue("#f-channel", "suggestion_box");
    await setValue("#f-anonymous", true);
    await setValue("#f-category", "bribery");
    await setValue("#f-severity", "important");
    await type("#f-matter", "采购人员收受供应商回扣");
    await type("#f-facts", "采购部多次在招标前与供应商私下接触。");
    await click("#btn-save");
    anonymousCode = await waitFor("the query code", async () => {
      const t = (await text("#saved-query-code")).trim();
      return /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(t)?.[0];
    });
    await screenshot("06a-query-code-shown");
    const look = await js(`const c = document.querySelector('#saved-query-code'); const s = getComputedStyle(c);
      return [s.whiteSpace, s.fontFamily, parseFloat(s.fontSize), c.getBoundingClientRect().height, !!document.querySelector('#saved-code-repeated')]`);
    if (look[0] !== "nowrap" || !/mono/i.test(look[1]) || look[2] < 24 || look[3] > look[2] * 2 || !look[4]) {
      throw new Error(`the query code is not large, monospaced and on one line with its tick: ${JSON.stringify(look)}`);
    }
    // Starting the next form takes the code off the screen.
    await type("#f-matter", "下");
    await waitFor("the code hidden", async () => (await js("return !document.querySelector('#saved-query-code') && !!document.querySelector('#saved-code-gone')")));
    await setValue("#f-matter", "");
    await click("#nav-query");
    await type("#query-code", anonymousCode);
    await click("#btn-query");
    await waitFor("the lookup result", async () => (await text("#query-result-number")).includes("JB-"));
    await screenshot("06-query-code");
  });
  await step("a substantiated report earns a reward: proposed in range, approved, paid, notice printed", async () => {
    await click("#nav-register");
    await type("#search", "JB-");
    await click("tr.case-row[data-number^='JB-'] td");
    await waitFor("the report", async () => (await text("#case-number")).includes("JB-"));
    await investigate();
    await click("#btn-defence");
    await setValue("#defence-declined", true);
    await submitRecord("#btn-defence-submit");
    await waitFor("the defence", async () => (await text("#case-history")).includes("申辩"));
    await submitStep("#btn-step-write_findings", async () => {
      await setValue("#step-conclusion", "substantiated");
      await type("#step-facts", "查实采购人员收受供应商购物卡。");
    });
    await find("#case-reward");
    await setValue("#reward-rule", "other");
    await type("#reward-fine", "20000");
    await waitFor("the allowed range", async () => (await text("#reward-range")).includes("4,000.00"));
    await type("#reward-amount", "4000.01");
    await click("#btn-reward-propose");
    await waitFor("the out-of-range refusal", async () =>
      (await js("return document.body.innerText")).includes("¥2,000.00 至 ¥4,000.00"),
    );
    await type("#reward-amount", "3000");
    await click("#btn-reward-propose");
    await find("#btn-reward-approve");
    await click("#btn-reward-approve");
    await find("#btn-reward-pay");
    await type("#reward-payer", "财务部张会计");
    await type("#reward-receipt_no", "JL-2026-001");
    await type("#reward-recipient", "凭查询码领取");
    await type("#reward-query_code", anonymousCode);
    await click("#btn-reward-pay");
    await waitFor("the payment", async () => (await text("#case-reward")).includes("JL-2026-001"));
    const before = readdirSync(saveDir).length;
    await click("#btn-issue-reward_notice");
    await click("#btn-print-pdf");
    const pdf = await waitFor("the reward notice", async () => {
      const files = readdirSync(saveDir).filter((f) => f.includes("举报奖励通知书"));
      return readdirSync(saveDir).length > before && files.length ? join(saveDir, files[0]) : null;
    }, 30000);
    const extracted = execFileSync("pdftotext", [pdf, "-"]).toString().replace(/\s+/g, "");
    for (const needle of ["举报奖励通知书", "叁仟元整"]) {
      if (!extracted.includes(needle)) throw new Error(`the notice lacks ${needle}:\n${extracted}`);
    }
    await screenshot("08-reward");
  });
  await step("the office edits a template: an unknown placeholder is named, the live preview follows the text", async () => {
    await click("#nav-templates");
    await click('#tpl-list button[data-doc-type="reply_letter"]');
    await find("#tpl-body");
    await type("#tpl-body", "{{complainant_name}}：\n\n# 处理结果\n\n编号{{number}}已办结。{{bank_account}}");
    await waitFor("the unknown placeholder error", async () => (await text("#tpl-error")).includes("bank_account"));
    await type("#tpl-body", "{{complainant_name}}：\n\n# 处理结果\n\n编号{{number}}已办结，特此答复。");
    await waitFor("the live preview", async () => (await text("#tpl-preview")).includes("已办结，特此答复"));
    await click("#btn-tpl-save");
    await waitFor("saved", async () => (await text("#tpl-status")).includes("已保存"));
    await screenshot("09-template");
  });
  await step("settings: the letterhead is edited, a backup is made and the audit trail verifies intact", async () => {
    await click("#nav-settings");
    await find("#office-name-input");
    await type("#office-name-input", "华东示范有限公司企业管理部");
    await click("#btn-office-save");
    await waitFor("the new letterhead", async () =>
      js("return (document.querySelector('#office-name')?.textContent ?? '').includes('企业管理部')"),
    );
    await click("#btn-backup-now");
    await waitFor("the backup", async () => (await text("#backup-status")).includes("register-"));
    await waitFor("the backup in the list", async () =>
      js("return document.querySelectorAll('#backup-list li.backup-item').length >= 1"),
    );
    await click("#btn-verify-audit");
    await waitFor("the audit result", async () =>
      js("return document.querySelector('#audit-status')?.dataset.intact === 'true'"),
    );
    console.log(`     ${(await text("#audit-status")).trim()}`);
    const head = await js("const h = document.querySelector('#audit-head'); return h ? [h.dataset.entries, h.dataset.lastHash, h.textContent] : null");
    if (!head || !(Number(head[0]) > 0) || !/^[0-9a-f]{64}$/.test(head[1])) throw new Error(`the audit head is not shown: ${head}`);
    console.log(`     ${head[2]}`);
    await type("#rule-amount-review", "3");
    await click("#btn-deadlines-save");
    await waitFor("the saved deadline rules", async () => (await text("#deadlines-status")).includes("已保存"));
    await screenshot("10-settings");
  });
  await step("the office sets the reply letter's 代字: the next reply letter goes out as 华示投〔year〕1号, shown in the issued list and printed on the letter", async () => {
    await click("#nav-settings");
    await find("#docno-reply_letter");
    await type("#docno-reply_letter", "华示投2");
    await click("#btn-docno-save");
    await waitFor("the bad prefix refused", async () => (await text("#docno-reply_letter-error")).includes("不含数字"));
    await type("#docno-reply_letter", "华示投");
    await click("#btn-docno-save");
    await waitFor("the prefix saved", async () => (await text("#docno-status")).includes("已保存"));
    await click("#nav-register");
    await type("#search", number);
    await click(`tr.case-row[data-number="${number}"] td`);
    await waitFor("the case view", async () => (await text("#case-number")).includes(number));
    const before = readdirSync(saveDir).length;
    await click("#btn-issue-reply_letter");
    await click("#btn-print-pdf");
    const want = `华示投〔${new Date().getFullYear()}〕1号`;
    await waitFor("the numbered letter in the list", async () => js(`return !!document.querySelector('#issued-list [data-doc-number="${want}"]')`));
    const pdf = await waitFor("the saved letter", async () => {
      const files = readdirSync(saveDir).filter((f) => f.includes("书面答复意见书"));
      return readdirSync(saveDir).length > before && files.length ? join(saveDir, files[files.length - 1]) : null;
    });
    const extracted = execFileSync("pdftotext", [pdf, "-"]).toString().replace(/\s+/g, "");
    if (!extracted.includes(want)) throw new Error(`the letter lacks ${want}:\n${extracted}`);
    await js("document.querySelector('#case-documents').scrollIntoView({block: 'start'}); window.scrollBy(0, -70);");
    await screenshot("10b-reference-number");
    console.log(`     ${want} on ${pdf}`);
  });
  await step("the administrator shares the register on the office network: the pairing code, the fingerprint the host really has, then stops", async () => {
    await click("#nav-settings");
    await find("#btn-share-start");
    const port = 20000 + Math.floor(Math.random() * 20000);
    await type("#share-listen", `127.0.0.1:${port}`);
    await click("#btn-share-start");
    const code = await waitFor("the pairing code", async () => {
      const c = (await text("#share-code")).trim();
      return /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/.test(c) ? c : null;
    });
    const shown = (await text("#share-fingerprint")).trim().toLowerCase().replaceAll(":", "");
    const served = await new Promise((ok, fail) => {
      const req = httpsGet({ host: "127.0.0.1", port, path: "/api/hello", rejectUnauthorized: false }, (res) => {
        const fp = res.socket.getPeerCertificate().fingerprint256.toLowerCase().replaceAll(":", "");
        let body = "";
        res.on("data", (d) => (body += d));
        res.on("end", () => ok({ fp, body, cookies: res.headers["set-cookie"] ?? [] }));
      });
      req.on("error", fail);
    });
    if (served.fp !== shown) throw new Error(`the card shows ${shown}, the host serves ${served.fp}`);
    if (!served.body.includes("complaint-desk")) throw new Error(`the host answers ${served.body}`);
    if (!served.cookies.some((c) => /HttpOnly/i.test(c) && /SameSite=Strict/i.test(c))) throw new Error(`the seat cookie is ${served.cookies}`);
    console.log(`     shared on 127.0.0.1:${port}, pairing code ${code}`);
    await screenshot("10b-sharing");
    await click("#btn-share-stop");
    await find("#btn-share-start");
    const refused = await new Promise((ok) => {
      const req = httpsGet({ host: "127.0.0.1", port, path: "/api/hello", rejectUnauthorized: false }, () => ok(false));
      req.on("error", () => ok(true));
    });
    if (!refused) throw new Error("the host still answers after sharing stopped");
  });

  await step("statistics show this month's figures and charts, and the register exports a CSV (with names for the clerk who took part)", async () => {
    await click("#nav-stats");
    await waitFor("the total", async () => /\d/.test(await text("#stat-total-value")));
    const total = (await text("#stat-total-value")).trim();
    if (!total.startsWith("2")) throw new Error(`expected 2 cases this month, got ${total}`);
    await waitFor("the charts", async () =>
      js("return ['chart-pareto','chart-trend','chart-department'].every(id => { const c = document.getElementById(id); return c && c.width > 0; })"),
    );
    await screenshot("11-stats");
    // The handler filter: the office's users are offered; someone who handles nothing has 0 cases.
    await waitFor("the handlers", async () => js("return document.querySelectorAll('#stats-handler option').length >= 2"));
    const pickHandler = (v) =>
      js("const s = document.getElementById('stats-handler'); if (![...s.options].some(o => o.value === arguments[0])) s.add(new Option(arguments[0], arguments[0])); s.value = arguments[0]; s.dispatchEvent(new Event('change')); return true;", v);
    // An account that handles nothing.
    await pickHandler("999999");
    await waitFor("no cases for that handler", async () => (await text("#stat-total-value")).trim().startsWith("0"));
    await pickHandler("");
    await waitFor("both cases again", async () => (await text("#stat-total-value")).trim().startsWith("2"));
    await click("#nav-register");
    await click("#btn-reset-filters");
    await waitFor("every case listed", async () => js("return document.querySelectorAll('tr.case-row').length >= 2"));
    await click("#btn-export-csv");
    const body = await waitFor("the CSV", async () => {
      const f = readdirSync(saveDir).find((n) => n.endsWith(".csv"));
      if (!f || !(await text("#export-csv-status")).includes(".csv")) return null;
      return readFileSync(join(saveDir, f), "utf8");
    });
    // 李娜 registered the complaint, so she takes part: her export carries the name (周敏's below is masked).
    if (!body.includes("王小明")) throw new Error(`the clerk who registered the case gets a masked CSV:\n${body}`);
    unlinkSync(join(saveDir, readdirSync(saveDir).find((n) => n.endsWith(".csv"))));
  });
  await step("the admin adds 周敏 as a clerk; signed in as her, the complainant is masked until she gives a reason", async () => {
    await click("#nav-settings");
    await find("#user-username");
    await type("#user-username", "zhoumin");
    await type("#user-display-name", "周敏");
    await type("#user-password", CLERK_PASSWORD);
    await type("#user-password2", CLERK_PASSWORD);
    for (const r of ["clerk", "inspector", "reviewer", "leader", "admin"]) await setValue(`#user-role-${r}`, r === "clerk");
    await click("#btn-user-add");
    await waitFor("周敏 in the users table", async () =>
      js("return !!document.querySelector('#users-table tr.user-row[data-username=\"zhoumin\"]')"),
    );
    const roles = await js("return document.querySelector('#users-table tr.user-row[data-username=\"zhoumin\"]').innerText");
    if (!roles.includes("登记员") || roles.includes("系统管理员")) throw new Error(`周敏's row: ${roles}`);
    await js("document.querySelector('#settings-users').scrollIntoView({block: 'start'}); window.scrollBy(0, -70);");
    await screenshot("12-users");
    // The office lets clerks see an identity on a case they do not handle, with a logged reason.
    await setValue("#reveal-role-clerk", true);
    await click("#btn-access-save");
    await waitFor("the access rule saved", async () => (await text("#access-status")).includes("已保存"));

    await click("#btn-sign-out");
    await find("#sign-in-username");
    const office = (await text("#auth-office")).trim();
    if (!office.includes("华东示范有限公司")) throw new Error(`the sign-in screen shows ${office}`);
    await screenshot("13-sign-in");
    await type("#sign-in-username", "zhoumin");
    await type("#sign-in-password", CLERK_PASSWORD);
    await click("#btn-sign-in");
    await waitFor("周敏 signed in", async () => (await text("#user-name")).trim() === "周敏");
    // A clerk has no settings or templates tab.
    const tabs = await js("return [...document.querySelectorAll('.tab')].map(b => b.dataset.view)");
    if (tabs.includes("settings") || tabs.includes("templates")) throw new Error(`a clerk sees ${tabs}`);

    await click("#nav-register");
    await type("#search", "王小明");
    await waitFor("no match for the full name", async () =>
      js("return document.querySelectorAll('tr.case-row').length === 0 && !!document.querySelector('tr.empty')"),
    );
    await type("#search", "TS-");
    const row = `tr.case-row[data-number^="TS-"]`;
    await find(row);
    const listed = await js(`return document.querySelector(arguments[0]).innerText`, row);
    if (listed.includes("王小明") || !listed.includes("王**")) throw new Error(`the register shows the name: ${listed}`);
    await click("#btn-export-csv");
    const csv = await waitFor("周敏's CSV", async () => {
      const f = readdirSync(saveDir).find((n) => n.endsWith(".csv"));
      if (!f || !(await text("#export-csv-status")).includes(".csv")) return null;
      return readFileSync(join(saveDir, f), "utf8");
    });
    if (csv.includes("王小明") || !csv.includes("王**")) throw new Error(`周敏's CSV is not masked:\n${csv}`);

    await click(`${row} td`);
    await find("#identity-masked");
    await screenshot("14-identity-masked");
    const shown = await js("return document.querySelector('#case-complainants').innerText");
    if (shown.includes("王小明") || shown.includes("13800138000")) throw new Error(`the case shows the identity: ${shown}`);
    // An archived case offers a clerk nothing to approve; the report's findings await a leader.
    await click("#btn-reveal-identity");
    await click("#btn-reveal-submit");
    await waitFor("the reason is required", async () => (await text("#reveal-reason-error")).trim().length > 0);
    await screenshot("14b-reveal-reason");
    await type("#reveal-reason", "核对重复投诉，需确认投诉人身份");
    await click("#btn-reveal-submit");
    await find("#identity-revealed");
    const revealed = await js("return document.querySelector('#case-complainants').innerText");
    if (!revealed.includes("王小明")) throw new Error(`the reveal did not show the name: ${revealed}`);
    // The slip carries the identity: it is not offered to someone who does not take part.
    if (await js("return !!document.querySelector('#btn-export-slip')")) throw new Error("a clerk who does not take part is offered the slip");
    // Opened again, the case is masked again.
    await click("#nav-register");
    await type("#search", "TS-");
    await click(`${row} td`);
    await find("#identity-masked");

    // What a clerk may not do: the report's findings wait for a leader's approval.
    await click("#nav-register");
    await type("#search", "JB-");
    await click("tr.case-row[data-number^='JB-'] td");
    await waitFor("the report", async () => (await text("#case-number")).includes("JB-"));
    await find("#step-buttons");
    if (await js("return !!document.querySelector('#btn-step-approve')")) throw new Error("a clerk is offered the approval");
  });

  await step("周敏 registers the same person again: the earlier case is suggested beside the form, masked, and she links it as a repeat", async () => {
    await click("#nav-intake");
    await find("#f-complainants-0-name");
    await type("#f-complainants-0-name", "王小明");
    // The phone typed another way than the first time.
    await type("#f-complainants-0-phone", "138-0013-8000");
    const item = `#repeat-panel li.repeat-case[data-number="${number}"]`;
    await find(item, 15000);
    const panel = await js("return document.querySelector('#repeat-panel').innerText");
    if (!panel.includes("此电话此前有 1 件") || !panel.includes("王**") || panel.includes("王小明")) {
      throw new Error(`the suggestion panel says: ${panel}`);
    }
    await screenshot("14c-repeat-suggested");
    await click(`${item} button`);
    await waitFor("the link ticked", async () => js(`return document.querySelector(arguments[0])?.getAttribute('aria-pressed') === 'true'`, `${item} button`));
    await setValue("#f-category", "wage_fee");
    await type("#f-matter", "绩效奖金仍未补发");
    await type("#f-facts", "上次投诉后至今未补发被扣的绩效奖金。");
    await screenshot("14d-repeat-linked");
    await click("#btn-save");
    again = await waitFor("the repeat's number", async () => {
      const m = (await text("#saved-number")).match(/TS-\d{4}-\d{6}/);
      return m && m[0] !== number ? m[0] : null;
    });
    await click("#btn-saved-open");
    await waitFor("the new case", async () => (await text("#case-number")).includes(again));
    const links = await js("return document.querySelector('#case-links').innerText");
    if (!links.includes(number) || !links.includes("重复投诉")) throw new Error(`the new case's links: ${links}`);
    await screenshot("14e-repeat-case");
    console.log(`     ${again} is linked as a repeat of ${number}`);
  });

  await step("the slip of the new case is printed on the office's printer: the job reaches the virtual PDF printer and its page is the document's", async () => {
    const printed = join(homedir(), "PDF");
    // cups-pdf names a job's file after its title, so a file of an earlier
    // run may be written again: a new job is a file changed from now on.
    const since = Date.now() - 1000;
    await click("#nav-intake");
    await click("#btn-saved-slip");
    await find("#print-overlay");
    const printer = await js("return document.querySelector('#print-printer')?.value ?? ''");
    if (printer !== "VirtualPDF") throw new Error(`the dialog offers the printer ${printer || "(none)"}`);
    await type("#print-copies", "0");
    await click("#btn-print-go");
    await waitFor("the copies refused", async () => (await text("#print-error")).includes("1 至 20"));
    await type("#print-copies", "1");
    // Typing takes the error away.
    await waitFor("the copies accepted", async () => js("return document.querySelector('#print-error').hidden && document.querySelector('#print-copies').value === '1'"));
    await screenshot("14f-print-dialog");
    await click("#btn-print-go");
    const said = await waitFor("the job sent", async () => {
      const s = await text("#export-status");
      return s.includes("已发送到打印机 VirtualPDF") ? s : null;
    });
    console.log(`     ${said.trim()}`);
    const job = await waitFor(
      "the printed PDF",
      async () => {
        const f = existsSync(printed) ? readdirSync(printed).find((n) => n.endsWith(".pdf") && statSync(join(printed, n)).mtimeMs >= since) : null;
        // cups-pdf writes the file, then closes it: wait until its size holds.
        if (!f) return null;
        const a = statSync(join(printed, f)).size;
        await sleep(500);
        return a > 0 && a === statSync(join(printed, f)).size ? join(printed, f) : null;
      },
      60000,
    );
    // The document itself, issued again and saved as PDF from the same dialog.
    await click("#btn-saved-slip");
    await click("#btn-print-pdf");
    const saved = await waitFor("the slip saved", async () => {
      const f = readdirSync(saveDir).filter((n) => n.startsWith(again) && n.includes("登记单") && n.endsWith(".pdf"));
      return f.length ? join(saveDir, f[0]) : null;
    });
    await click("#btn-saved-receipt");
    await click("#btn-print-pdf");
    const receipt = await waitFor("the receipt saved", async () => {
      const f = readdirSync(saveDir).filter((n) => n.startsWith(again) && n.includes("回执") && n.endsWith(".pdf"));
      return f.length ? join(saveDir, f[0]) : null;
    });
    const [p, d, r] = [pages(job), pages(saved), pages(receipt)];
    if (p.length !== d.length) throw new Error(`the printer got ${p.length} page(s), the slip has ${d.length}`);
    const same = pageDistance(p[0], d[0]);
    const other = pageDistance(p[0], r[0]);
    console.log(`     ${job}: page distance to the slip ${same.toFixed(2)}, to the receipt ${other.toFixed(2)} (0–255)`);
    if (!(same < 6 && same * 4 < other)) throw new Error(`the printed page is not the slip's: ${same} vs the receipt's ${other}`);
    execFileSync("pdftoppm", ["-r", "50", "-png", "-f", "1", "-l", "1", job, join(artifacts, "14g-printed-slip")], { stdio: ["ignore", "ignore", "ignore"] });
  });

  await step("a wrong password gets the one sign-in error; the admin signs back in and the audit trail is intact", async () => {
    await click("#btn-sign-out");
    await type("#sign-in-username", "zhoumin");
    await type("#sign-in-password", "wrong-password");
    await click("#btn-sign-in");
    const err = await waitFor("the sign-in error", async () => (await text("#sign-in-error")).trim());
    await type("#sign-in-username", "nobody");
    await type("#sign-in-password", "wrong-password");
    await click("#btn-sign-in");
    await waitFor("the same message for an unknown user", async () => {
      const t = (await text("#sign-in-error")).trim();
      return t && (t === err || t.includes("秒")) ? t : null;
    });
    console.log(`     ${err}`);
    await type("#sign-in-username", "admin");
    await type("#sign-in-password", ADMIN_PASSWORD);
    await click("#btn-sign-in");
    await waitFor("the admin signed in", async () => (await text("#user-name")).trim() === "李娜");
    // Locking keeps what was typed: the overlay covers the form, unlocking uncovers it.
    await click("#nav-intake");
    await type("#f-matter", "锁定前未保存的事由");
    await click("#btn-lock");
    await find("#unlock-password");
    await type("#unlock-password", "not-her-password");
    await click("#btn-unlock");
    const unlockErr = await waitFor("the unlock refused", async () => (await text("#unlock-error")).trim());
    console.log(`     unlock refused: ${unlockErr}`);
    await sleep(300); // let WebKit paint the message before the screenshot
    await screenshot("15-locked");
    await type("#unlock-password", ADMIN_PASSWORD);
    await click("#btn-unlock");
    await waitFor("the overlay gone", async () => js("return !document.querySelector('#unlock-overlay')"));
    const kept = await js("return document.querySelector('#f-matter').value");
    if (kept !== "锁定前未保存的事由") throw new Error(`the draft was lost on lock: ${kept}`);
    // The administrator (also the leader) is offered the approval the clerk was not.
    await click("#nav-register");
    await type("#search", "JB-");
    await click("tr.case-row[data-number^='JB-'] td");
    await find("#btn-step-approve");
    await click("#nav-settings");
    // 个人信息: everything about 王小明 as a JSON file; the idle lock and retention are settings.
    await type("#pd-name", "王小明");
    await click("#btn-pd-export");
    const personal = await waitFor("the personal-data file", async () => {
      const f = readdirSync(saveDir).find((n) => n.endsWith(".json"));
      if (!f || !(await text("#pd-status")).includes(".json")) return null;
      return readFileSync(join(saveDir, f), "utf8");
    });
    if (!personal.includes("TS-") || !personal.includes("13800138000")) throw new Error(`the personal data lacks the case:\n${personal.slice(0, 400)}`);
    await type("#settings-idle-lock-minutes", "0");
    await click("#btn-privacy-save");
    await waitFor("the out-of-range minutes refused next to the field", async () => (await text("#settings-idle-lock-minutes-error")).trim());
    await type("#settings-idle-lock-minutes", "20");
    await type("#settings-retention-years", "10");
    await click("#btn-privacy-save");
    await waitFor("saved", async () => (await text("#privacy-status")).includes("已保存"));
    await click("#btn-verify-audit");
    await waitFor("the audit result", async () =>
      js("return document.querySelector('#audit-status')?.dataset.intact === 'true'"),
    );
    console.log(`     ${(await text("#audit-status")).trim()}`);
  });

  await step("the office adds a letterhead logo, and a file that is not an image is refused", async () => {
    await click("#nav-settings");
    await find("#btn-logo-pick");
    // The shell's chooser takes COMPLAINT_DESK_LOGO_FILE: first text named .png, then a real PNG.
    writeFileSync(logoFile, "this is not a picture");
    await click("#btn-logo-pick");
    await waitFor("the refusal", async () => (await text("#logo-error")).includes("PNG"));
    console.log(`     ${(await text("#logo-error")).trim().split("\n")[0]}`);
    writeFileSync(logoFile, readFileSync(join(here, "../../icons/128x128.png")));
    await click("#btn-logo-pick");
    await waitFor("the logo", async () => (await text("#logo-state")).includes("128×128"));
    await screenshot("12-logo");
  });
  await step("the monthly report exports as a PDF with figures and charts and as an Excel workbook", async () => {
    await click("#nav-stats");
    await waitFor("the charts", async () =>
      js("return ['chart-pareto','chart-trend','chart-department'].every(id => { const c = document.getElementById(id); return c && c.width > 0; })"),
    );
    await setValue("#report-kind", "month");
    await click("#btn-report-pdf");
    const pdf = await waitFor("the report PDF", async () => {
      const f = readdirSync(saveDir).find((n) => n.endsWith("月报.pdf"));
      return f && (await text("#report-status")).includes("月报.pdf") ? join(saveDir, f) : null;
    }, 30000);
    const extracted = execFileSync("pdftotext", ["-layout", pdf, "-"]).toString().replace(/\s+/g, "");
    const now = new Date();
    const title = `${now.getFullYear()}年${now.getMonth() + 1}月投诉举报工作月报`;
    // The charts are drawn by the core as vector graphics, each with its caption.
    for (const needle of [title, "受理总数（件）3", "按时办结率", "超期案件", "图1问题类别帕累托图", "图2月度受理件数趋势", "图3各部门按时办结率"]) {
      if (!extracted.includes(needle)) throw new Error(`the report lacks ${needle}:\n${extracted}`);
    }
    if (extracted.includes("王小明")) throw new Error("the report shows a complainant's name");
    const images = execFileSync("pdfimages", ["-list", pdf])
      .toString()
      .split("\n")
      .slice(2)
      .filter((l) => l.trim().split(/\s+/)[2] === "image");
    // The logo is the one picture; the charts are vector drawings.
    if (images.length !== 1) throw new Error(`expected 1 image (the logo):\n${images.join("\n")}`);
    execFileSync("pdftoppm", ["-r", "60", "-png", "-f", "1", "-l", "2", pdf, join(artifacts, "13-report")]);
    console.log(`     ${pdf}: ${statSync(pdf).size} bytes, ${images.length} images`);

    await click("#btn-report-xlsx");
    const xlsx = await waitFor("the workbook", async () => {
      const f = readdirSync(saveDir).find((n) => n.endsWith("月报.xlsx"));
      return f && (await text("#report-status")).includes(".xlsx") ? join(saveDir, f) : null;
    }, 30000);
    const files = unzip(readFileSync(xlsx));
    const workbook = files.get("xl/workbook.xml")?.toString("utf8") ?? "";
    for (const sheet of ["指标", "问题类别", "月度趋势", "部门按时率", "超期案件", "重复投诉"]) {
      if (!workbook.includes(`name="${sheet}"`)) throw new Error(`the workbook lacks the sheet ${sheet}:\n${workbook}`);
    }
    const strings = files.get("xl/sharedStrings.xml")?.toString("utf8") ?? "";
    if (!strings.includes("按时办结率") || strings.includes("王小明")) throw new Error(`odd workbook strings:\n${strings}`);
    await screenshot("14-report-exported");
  });
  await step("an old register is imported from CSV: the bad row is shown, the valid rows are imported, the old number finds the case", async () => {
    await click("#nav-register");
    await click("#btn-import");
    await click("#btn-import-pick");
    await waitFor("the preview counts", async () =>
      js("const c = document.querySelector('#import-counts'); return c && c.dataset.total === '3' && c.dataset.valid === '2' && c.dataset.bad === '1'"),
    );
    const bad = await text('#import-rows tr.has-problems[data-row="4"]');
    if (!bad.includes("食堂伙食") || !bad.includes("不在本单位的类别表中")) throw new Error(`row 4 does not show its problem: ${bad}`);
    const mapped = await js("return document.querySelector('#map-col-3').value");
    if (mapped !== "received_at") throw new Error(`column D is mapped to ${mapped}`);
    await screenshot("12-import-mapping");
    // The window shows the page's top: fold the mapping away to photograph the preview.
    await js("document.querySelector('#import-mapping').closest('section').hidden = true;");
    await screenshot("12-import-preview");
    await js("document.querySelector('#import-mapping').closest('section').hidden = false;");
    await click("#btn-import-valid");
    await waitFor("the import result", async () =>
      js("const r = document.querySelector('#import-result'); return r && !r.hidden && r.dataset.imported === '2'"),
    );
    const skipped = await text("#import-skipped");
    if (!skipped.includes("4")) throw new Error(`the skipped row is not reported: ${skipped}`);
    await screenshot("13-import-result");
    await click("#nav-register");
    await type("#search", "OLD-0042");
    await waitFor("the imported case by its old number", async () =>
      js("const rows = document.querySelectorAll('tr.case-row'); return rows.length === 1 && rows[0].textContent.includes('仓库管理员私卖废料')"),
    );
    await click("tr.case-row td.col-matter");
    await waitFor("the old number on the case", async () => (await text("#case-legacy-number")).includes("OLD-0042"));
    const history = await text("#case-history");
    if (!history.includes("旧登记簿.csv")) throw new Error(`the history does not name the file: ${history}`);
    await screenshot("14-imported-case");
  });
  await step("the register exports to XLSX: a zip with a worksheet", async () => {
    await click("#nav-register");
    await click("#btn-reset-filters");
    await waitFor("every case listed", async () => js("return document.querySelectorAll('tr.case-row').length >= 4"));
    await click("#btn-export-xlsx");
    const bytes = await waitFor("the XLSX", async () => {
      const f = readdirSync(saveDir).find((n) => n.endsWith(".xlsx"));
      if (!f || !(await text("#export-csv-status")).includes(".xlsx")) return null;
      return readFileSync(join(saveDir, f));
    });
    if (bytes.subarray(0, 4).toString("binary") !== "PK\x03\x04") throw new Error("the XLSX is not a zip");
    if (!bytes.includes(Buffer.from("xl/worksheets/sheet1.xml"))) throw new Error("the XLSX has no worksheet");
  });
  await step("the screens at 960 × 640 and 1920 × 1080: nothing runs off the side, every tab is reachable, the header takes two rows when narrow", async () => {
    const sizes = [
      [960, 640],
      [1920, 1080],
    ];
    for (const [width, height] of sizes) {
      await wd("POST", `/session/${W.session}/window/rect`, { width, height });
      await waitFor(`the window at ${width} px`, async () => (await js("return window.innerWidth")) <= width && (await js("return window.innerWidth")) >= width - 40);
      for (const view of ["intake", "register", "stats", "settings"]) {
        await click(`#nav-${view}`);
        await sleep(400);
        const fit = await js(`const w = document.documentElement.clientWidth;
          const over = document.documentElement.scrollWidth - w;
          const tabs = [...document.querySelectorAll('.tab')].filter(t => { const r = t.getBoundingClientRect(); return r.right > w + 1 || r.left < -1; }).map(t => t.id);
          const header = document.querySelector('.app-header').getBoundingClientRect().height;
          return { over, tabs, header };`);
        if (fit.over > 1) throw new Error(`${view} at ${width} px runs ${fit.over} px off the side`);
        if (fit.tabs.length) throw new Error(`at ${width} px these tabs are off screen: ${fit.tabs}`);
        if (width < 1200 && view === "intake" && fit.header < 70) throw new Error(`at ${width} px the header stays one row (${fit.header} px)`);
        await screenshot(`19-${width}x${height}-${view}`);
      }
    }
    await wd("POST", `/session/${W.session}/window/rect`, { width: 1280, height: 860 });
  });
  await step("the admin encrypts the register; restarted, the app asks for the passphrase, refuses a wrong one and opens with the right one", async () => {
    const PASSPHRASE = "华东示范 register 2026 密码";
    await click("#nav-settings");
    await find("#settings-encryption");
    await js("document.querySelector('#settings-encryption').scrollIntoView({block: 'start'}); window.scrollBy(0, -70);");
    // Backups are listed by name; they are in the backups folder beside the register.
    const backupPath = (name) => join(dirname(dbPath), "backups", name);
    const plainBackups = (await js("return [...document.querySelectorAll('#backup-list li.backup-item')].map(li => li.dataset.file)")).map(backupPath);
    if (!plainBackups.length) throw new Error("no backup made before the encryption");
    const before = (await text("#enc-state")).trim();
    if (before !== "未加密") throw new Error(`a new register shows ${before}`);
    const button = (await text("#btn-encrypt")).trim();
    if (button !== "加密登记簿") throw new Error(`the button reads ${button}`);
    // A repeat that differs is caught here; a short passphrase is refused by the backend, next to the field.
    await type("#enc-passphrase", PASSPHRASE);
    await type("#enc-passphrase2", PASSPHRASE + "x");
    await click("#btn-encrypt");
    await waitFor("the mismatch next to the repeat", async () => (await text("#enc-passphrase2-error")).includes("不一致"));
    await type("#enc-passphrase", "短密码123");
    await type("#enc-passphrase2", "短密码123");
    await click("#btn-encrypt");
    const weak = await waitFor("the short passphrase refused next to the field", async () => {
      const m = await js(
        "const i = document.querySelector('#enc-passphrase'); return i.getAttribute('aria-invalid') === 'true' ? document.querySelector('#enc-passphrase-error').textContent : '';",
      );
      return m && m.includes("10") ? m : null;
    });
    console.log(`     refused: ${weak.trim()}`);
    if ((await text("#enc-state")).trim() !== "未加密") throw new Error("a refused passphrase changed the state");
    await sleep(300);
    await screenshot("16-encryption-weak");
    await type("#enc-passphrase", PASSPHRASE);
    await type("#enc-passphrase2", PASSPHRASE);
    await click("#btn-encrypt");
    await waitFor("the register encrypted", async () => (await text("#enc-status")).includes("已加密"), 60000);
    const after = (await text("#enc-state")).trim();
    if (after !== "已加密") throw new Error(`the state reads ${after}`);
    if ((await text("#btn-encrypt")).trim() !== "更换密码") throw new Error("the button does not offer to change the passphrase");
    if (await js("return document.querySelector('#enc-passphrase').value")) throw new Error("the passphrase stays in the field");
    await screenshot("17-encrypted-settings");

    // The file on disk: no SQLite header and no complainant's name, in the register or its WAL.
    await quit();
    const head = readFileSync(dbPath).subarray(0, 16).toString("latin1");
    if (head.startsWith("SQLite format 3")) throw new Error("the register file is still a plain SQLite file");
    for (const f of [dbPath, `${dbPath}-wal`]) {
      if (!existsSync(f)) continue;
      if (readFileSync(f).includes(Buffer.from("王小明", "utf8"))) throw new Error(`${f} holds the complainant's name in clear`);
    }
    console.log(`     ${dbPath}: ${statSync(dbPath).size} bytes, starts ${readFileSync(dbPath).subarray(0, 8).toString("hex")}…`);

    await launch();
    await find("#register-passphrase", 20000);
    const title = await js("return document.querySelector('.auth-card h1').textContent");
    if (title !== "登记簿已加密") throw new Error(`the passphrase screen is titled ${title}`);
    await sleep(300);
    await screenshot("18-passphrase");
    await type("#register-passphrase", "not the passphrase");
    await click("#btn-open-register");
    const wrong = await waitFor("the wrong passphrase refused under the field", async () => (await text("#register-passphrase-error")).trim());
    if (!wrong.includes("不正确")) throw new Error(`the wrong passphrase says ${wrong}`);
    console.log(`     refused: ${wrong}`);
    if (!(await js("return !!document.querySelector('#register-passphrase') && !document.querySelector('#sign-in-username')"))) {
      throw new Error("the passphrase screen went away after a wrong passphrase");
    }
    await sleep(300);
    await screenshot("18b-passphrase-wrong");
    await type("#register-passphrase", PASSPHRASE);
    await click("#btn-open-register");
    await find("#sign-in-username", 30000);
    await type("#sign-in-username", "admin");
    await type("#sign-in-password", ADMIN_PASSWORD);
    await click("#btn-sign-in");
    await waitFor("the admin signed in", async () => (await text("#user-name")).trim() === "李娜");
    await click("#nav-register");
    await click("#btn-reset-filters");
    const numbers = await waitFor("the cases listed", async () => {
      const n = await js("return [...document.querySelectorAll('tr.case-row')].map(r => r.dataset.number)");
      return n.length >= 2 ? n : null;
    });
    if (!numbers.some((n) => n.startsWith("TS-")) || !numbers.some((n) => n.startsWith("JB-"))) throw new Error(`the register lists ${numbers}`);
    // The first complaint, which the admin (李娜) registered and handled.
    const listed = await js(`return document.querySelector('tr.case-row[data-number="${number}"]')?.innerText ?? ""`);
    if (!listed.includes("王小明")) throw new Error(`the complaint lost its complainant: ${listed}`);
    await click("#nav-settings");
    await waitFor("the state after the restart", async () => (await text("#enc-state")).trim() === "已加密");
    // A backup made now is encrypted too; the ones made before are left as they were.
    await click("#btn-backup-now");
    const fresh = await waitFor("the new backup in the list", async () => {
      const names = await js("return [...document.querySelectorAll('#backup-list li.backup-item')].map(li => li.dataset.file)");
      return names.map(backupPath).find((f) => !plainBackups.includes(f));
    });
    const sqliteHeader = (f) => readFileSync(f).subarray(0, 15).toString("latin1") === "SQLite format 3";
    if (sqliteHeader(fresh) || readFileSync(fresh).includes(Buffer.from("王小明", "utf8"))) throw new Error(`the backup ${fresh} is not encrypted`);
    for (const f of plainBackups) if (!sqliteHeader(f)) throw new Error(`the earlier backup ${f} was changed`);
    console.log(`     encrypted backup: ${fresh}; ${plainBackups.length} earlier plain backup(s) unchanged`);
  });
} catch (e) {
  failed = true;
} finally {
  if (W.session) await wd("DELETE", `/session/${W.session}`).catch(() => {});
  driver.kill();
}
const passed = results.filter(([, ok]) => ok).length;
const failedCount = results.length - passed + (failed && results.every(([, ok]) => ok) ? 1 : 0);
console.log(`\ne2e: ${passed} passed, ${failedCount} failed`);
process.exit(failedCount ? 1 : 0);
