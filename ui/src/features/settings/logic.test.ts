// 设置's pure parts: payloads, field errors and messages of every card.
import { describe, expect, it } from "vitest";
import type { DeadlineRule, Settings } from "../../api/generated";
import { t } from "../../lib/i18n";
import {
  auditMessage,
  backupDoneMessage,
  backupLine,
  buildRulesPayload,
  encryptionLabels,
  headLine,
  LOGO_MAX_BYTES,
  logoFileProblem,
  logoLine,
  officeField,
  officePayload,
  parseAmount,
  parseCalendarJson,
  parseKeep,
  passphraseProblem,
  periodLabel,
  personalDataFileName,
  ruleIndex,
  prefixesTyped,
  settingsPayload,
} from "./logic";

describe("the audit check message", () => {
  it("says the chain is intact with the number of records", () => {
    expect(auditMessage({ rows: 128, intact: true, first_broken: null, problem: null })).toEqual({
      ok: true,
      text: "审计日志完整：共 128 条记录，哈希链无断点",
    });
  });
  it("names the broken record and that it was edited", () => {
    const m = auditMessage({ rows: 128, intact: false, first_broken: 42, problem: "edited" });
    expect(m.ok).toBe(false);
    expect(m.text).toBe("审计日志在第 42 条记录处断开（记录被修改），请立即报告管理员");
  });
  it("says when records before it were deleted", () => {
    expect(auditMessage({ rows: 9, intact: false, first_broken: 7, problem: "removed_before" }).text).toBe(
      "审计日志在第 7 条记录处断开（之前的记录被删除），请立即报告管理员",
    );
  });
  it("names a chain cut short or rebuilt", () => {
    expect(auditMessage({ rows: 9, intact: false, first_broken: null, problem: "truncated" }).text).toBe("审计日志在第 ? 条记录处断开（日志被截短），请立即报告管理员");
    expect(auditMessage({ rows: 9, intact: false, first_broken: 3, problem: "rechained" }).text).toContain("日志被重建");
  });
  it("is still a warning when the core gave no reason or row", () => {
    const m = auditMessage({ rows: 3, intact: false, first_broken: null, problem: null });
    expect(m.ok).toBe(false);
    expect(m.text).toContain("请立即报告管理员");
  });
  it("can be given in English", () => {
    expect(auditMessage({ rows: 5, intact: true, first_broken: null, problem: null }, "en").text).toBe(
      "The audit log is intact: 5 records, no break in the hash chain",
    );
    expect(auditMessage({ rows: 5, intact: false, first_broken: 2, problem: "edited" }, "en").text).toContain("record 2 (the record was changed)");
  });
});

describe("backup messages", () => {
  it("report where the backup went, its size in KB and the attachments", () => {
    const audit = { entries: 12, last_hash: "ab12" };
    expect(backupDoneMessage({ file: "/data/backups/register-20260101-090000.sqlite3", bytes: 204800, attachments: 3, at: "2026-01-01 09:00:00", audit })).toBe(
      "已备份到 /data/backups/register-20260101-090000.sqlite3（200 KB，附件 3 个）",
    );
  });
  it("list a backup by its name and size, and say when it is encrypted", () => {
    expect(backupLine({ name: "register-2.sqlite3", bytes: 2048 })).toBe("register-2.sqlite3（2 KB）");
    expect(backupLine({ name: "register-3.sqlite3", bytes: 2048, encrypted: true })).toBe("register-3.sqlite3（2 KB） · 已加密");
  });
});

describe("the number of backups kept", () => {
  it("accepts whole numbers; empty means the default (0)", () => {
    expect(parseKeep("30")).toBe(30);
    expect(parseKeep(" 7 ")).toBe(7);
    expect(parseKeep("")).toBe(0);
  });
  it("refuses anything else", () => {
    expect(parseKeep("-1")).toBeNull();
    expect(parseKeep("2.5")).toBeNull();
    expect(parseKeep("abc")).toBeNull();
  });
});

describe("the audit head", () => {
  it("shows the number of entries and the last hash", () => {
    expect(headLine({ entries: 128, last_hash: "9f86d081884c7d65" })).toBe("审计日志头：共 128 条，最后哈希 9f86d081884c7d65");
    expect(headLine({ entries: 0, last_hash: "" }, "en")).toBe("Audit head: 0 entries, last hash —");
  });
});

describe("the settings sent to update_settings", () => {
  const loaded: Settings = {
    font_path: "/fonts/simsun.ttc",
    font_index: 1,
    found_font: "/fonts/simsun.ttc",
    lang: "zh-CN",
    backup_dir: "D:\\备份",
    backup_keep: 14,
    idle_lock_minutes: 15,
    retention_years: 5,
    doc_number_prefixes: { reply_letter: "华示投" },
  };
  it("keep the backup fields as loaded when the font is saved", () => {
    expect(settingsPayload(loaded, "zh-CN", { font_path: "/fonts/other.otf", font_index: 0 })).toEqual({
      font_path: "/fonts/other.otf",
      font_index: 0,
      found_font: null,
      lang: "zh-CN",
      backup_dir: "D:\\备份",
      backup_keep: 14,
      idle_lock_minutes: 15,
      retention_years: 5,
      doc_number_prefixes: { reply_letter: "华示投" },
    });
  });
  it("keep the font fields as loaded when the backup fields are saved", () => {
    expect(settingsPayload(loaded, "en", { backup_dir: "", backup_keep: 0 })).toEqual({
      font_path: "/fonts/simsun.ttc",
      font_index: 1,
      found_font: null,
      lang: "en",
      backup_dir: "",
      backup_keep: 0,
      idle_lock_minutes: 15,
      retention_years: 5,
      doc_number_prefixes: { reply_letter: "华示投" },
    });
  });
  it("keep the other fields as loaded when the lock and retention are saved", () => {
    const p = settingsPayload(loaded, "zh-CN", { idle_lock_minutes: 30, retention_years: 10 });
    expect(p.idle_lock_minutes).toBe(30);
    expect(p.retention_years).toBe(10);
    expect(p.backup_keep).toBe(14);
    expect(p.font_path).toBe("/fonts/simsun.ttc");
  });
  it("carry the reference number prefixes typed, without the blank ones", () => {
    const typed = prefixesTyped([
      ["reply_letter", " 华示投 "],
      ["extension", ""],
    ]);
    expect(settingsPayload(loaded, "zh-CN", { doc_number_prefixes: typed }).doc_number_prefixes).toEqual({ reply_letter: "华示投" });
  });
  it("always carry every field, the read-only found font left to the core", () => {
    const p = settingsPayload(loaded, "zh-CN");
    expect(Object.keys(p).sort()).toEqual(["backup_dir", "backup_keep", "doc_number_prefixes", "font_index", "font_path", "found_font", "idle_lock_minutes", "lang", "retention_years"]);
    expect(p.found_font).toBeNull();
  });
});

describe("the office details card", () => {
  it("sends the typed values trimmed", () => {
    expect(officePayload({ name: " 某市监局 ", address: " 某路1号", phone: "010-1234 " })).toEqual({
      name: "某市监局",
      address: "某路1号",
      phone: "010-1234",
    });
  });
  it("puts each field error beside its input and leaves the rest to the banner", () => {
    expect(["office_name", "name", "office.phone", "address", "lang"].map(officeField)).toEqual(["name", "name", "phone", "address", null]);
  });
});

describe("the letterhead logo", () => {
  it("says whether the office has a logo and how big it is", () => {
    expect(logoLine(null).key).toBe("settings.logo_none");
    expect(logoLine({ width: 240, height: 120, size: 15_872 })).toEqual({
      key: "settings.logo_set",
      params: { width: 240, height: 120, kb: 16 },
    });
  });
  it("refuses other file types and files over 2 MB before sending them", () => {
    expect(logoFileProblem({ name: "logo.png", size: 1000 })).toBeNull();
    expect(logoFileProblem({ name: "徽标.JPG", size: 1000 })).toBeNull();
    expect(logoFileProblem({ name: "logo.gif", size: 1000 })).toBe("settings.logo_wrong_type");
    expect(logoFileProblem({ name: "logo.png", size: LOGO_MAX_BYTES + 1 })).toBe("settings.logo_too_large");
  });
});

const rules: DeadlineRule[] = [
  {
    code: "accept",
    label_zh: "受理",
    label_en: "Acceptance",
    from: "received",
    period: { amount: 2, unit: "working_days" },
    met_by: "accepted",
    also_met_by: ["not_accepted"],
    severities: [],
    max_extension: null,
  },
  {
    code: "reply",
    label_zh: "答复",
    label_en: "Reply",
    from: "received",
    period: { amount: 30, unit: "calendar_days" },
    met_by: "replied",
    also_met_by: [],
    severities: ["urgent", "major"],
    max_extension: { amount: 60, unit: "calendar_days" },
  },
];

describe("period labels", () => {
  it("reads as the policy writes them", () => {
    expect(periodLabel({ amount: 30, unit: "calendar_days" }, "zh-CN")).toBe("30日");
    expect(periodLabel({ amount: 2, unit: "working_days" }, "zh-CN")).toBe("2个工作日");
    expect(periodLabel({ amount: 24, unit: "hours" }, "zh-CN")).toBe("24小时");
    expect(periodLabel({ amount: 3, unit: "months" }, "zh-CN")).toBe("3个月");
    expect(periodLabel({ amount: 2, unit: "working_days" }, "en")).toBe("2 working days");
  });
});

describe("the deadline rules payload", () => {
  it("sends every rule with the edited periods and nothing else changed", () => {
    const r = buildRulesPayload(rules, { reply: { amount: " 15 ", unit: "working_days" } });
    expect(r).toEqual({ ok: true, rules: [rules[0], { ...rules[1], period: { amount: 15, unit: "working_days" } }] });
    // The loaded rules are not changed.
    expect(rules[1].period).toEqual({ amount: 30, unit: "calendar_days" });
  });
  it("marks rows whose amount or unit cannot be sent", () => {
    expect(
      buildRulesPayload(rules, { accept: { amount: "0", unit: "hours" }, reply: { amount: "3", unit: "weeks" } }),
    ).toEqual({ ok: false, invalid: [0, 1] });
    expect(parseAmount("2.5")).toBeNull();
    expect(parseAmount("")).toBeNull();
    expect(parseAmount("3651")).toBeNull();
    expect(parseAmount("3650")).toBe(3650);
  });
  it("puts deadlines[i] errors beside row i and leaves the rest to the banner", () => {
    expect(ruleIndex({ field: "deadlines[1]" })).toBe(1);
    expect(ruleIndex({ field: "deadlines[12].period" })).toBe(12);
    expect(ruleIndex({ field: "deadlines" })).toBeNull();
  });
});

describe("the register encryption card", () => {
  it("offers to encrypt a plain register", () => {
    const l = encryptionLabels({ encrypted: false });
    expect(t(l.state)).toBe("未加密");
    expect(t(l.button)).toBe("加密登记簿");
  });
  it("offers to change the passphrase of an encrypted one", () => {
    const l = encryptionLabels({ encrypted: true });
    expect(t(l.state)).toBe("已加密");
    expect(t(l.button)).toBe("更换密码");
    expect(t(l.button, undefined, "en")).toBe("Change the passphrase");
  });
  it("says not encrypted while the app info is not known", () => {
    expect(t(encryptionLabels(null).state)).toBe("未加密");
  });
});

describe("a new register passphrase", () => {
  it("must be typed twice the same", () => {
    expect(passphraseProblem("correct horse battery", "correct horse batterY")).toEqual({ field: "passphrase2", key: "enc.mismatch" });
    expect(t("enc.mismatch")).toContain("不一致");
  });
  it("cannot be empty", () => {
    expect(passphraseProblem("", "")).toEqual({ field: "passphrase", key: "enc.required" });
  });
  it("is sent when both agree, short or not: the backend judges the length and explains it", () => {
    expect(passphraseProblem("correct horse battery", "correct horse battery")).toBeNull();
    expect(passphraseProblem("short", "short")).toBeNull();
  });
});

describe("a pasted calendar year", () => {
  it("is read with its year", () => {
    const r = parseCalendarJson('{"year":2027,"source":"国办发","off":[{"name":"元旦","from":"2027-01-01","to":"2027-01-01"}],"workdays":["2027-02-07"]}');
    expect(r).toEqual({
      ok: true,
      year: 2027,
      arrangement: { source: "国办发", off: [{ name: "元旦", from: "2027-01-01", to: "2027-01-01" }], workdays: ["2027-02-07"] },
    });
  });
  it("is refused when it is not JSON or has no year", () => {
    expect(parseCalendarJson("{oops").ok).toBe(false);
    expect(parseCalendarJson('{"off":[]}')).toEqual({ ok: false, key: "calendar.need_year" });
  });
});

describe("the personal-data file", () => {
  it("is named after the person and the day, without characters a file name cannot hold", () => {
    expect(personalDataFileName("王小明", "", "20261201")).toBe("个人信息-王小明-20261201.json");
    expect(personalDataFileName(" ", "138 0013/8000", "20261201")).toBe("个人信息-138_0013_8000-20261201.json");
  });
});
