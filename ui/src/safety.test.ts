import { describe, expect, it } from "vitest";
import type { Settings } from "./api";
import { auditMessage, backupDoneMessage, backupLine, baseName, kb, parseKeep, settingsPayload } from "./safety";

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
  it("is still a warning when the backend gave no reason or row", () => {
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
    expect(backupDoneMessage({ file: "/data/backups/register-20260101-090000.sqlite3", bytes: 204800, attachments: 3, at: "2026-01-01 09:00:00" })).toBe(
      "已备份到 /data/backups/register-20260101-090000.sqlite3（200 KB，附件 3 个）",
    );
  });
  it("never show a non-empty file as 0 KB", () => {
    expect(kb(1)).toBe(1);
    expect(kb(0)).toBe(0);
    expect(kb(1025)).toBe(2);
  });
  it("list a backup by its file name, whatever the path separator", () => {
    expect(baseName("C:\\desk\\backups\\register-1.sqlite3")).toBe("register-1.sqlite3");
    expect(baseName("/a/b/register-2.sqlite3")).toBe("register-2.sqlite3");
    expect(backupLine({ file: "/a/b/register-2.sqlite3", bytes: 2048 })).toBe("register-2.sqlite3（2 KB）");
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
  };
  it("keep the backup fields as loaded when the font is saved", () => {
    expect(settingsPayload(loaded, "zh-CN", { font_path: "/fonts/other.otf", font_index: 0 })).toEqual({
      font_path: "/fonts/other.otf",
      font_index: 0,
      lang: "zh-CN",
      backup_dir: "D:\\备份",
      backup_keep: 14,
      idle_lock_minutes: 15,
      retention_years: 5,
    });
  });
  it("keep the font fields as loaded when the backup fields are saved", () => {
    expect(settingsPayload(loaded, "en", { backup_dir: "", backup_keep: 0 })).toEqual({
      font_path: "/fonts/simsun.ttc",
      font_index: 1,
      lang: "en",
      backup_dir: "",
      backup_keep: 0,
      idle_lock_minutes: 15,
      retention_years: 5,
    });
  });
  it("keep the other fields as loaded when the lock and retention are saved", () => {
    const p = settingsPayload(loaded, "zh-CN", { idle_lock_minutes: 30, retention_years: 10 });
    expect(p.idle_lock_minutes).toBe(30);
    expect(p.retention_years).toBe(10);
    expect(p.backup_keep).toBe(14);
    expect(p.font_path).toBe("/fonts/simsun.ttc");
  });
  it("always carry all seven fields and not the read-only found font", () => {
    const p = settingsPayload(loaded, "zh-CN");
    expect(Object.keys(p).sort()).toEqual(["backup_dir", "backup_keep", "font_index", "font_path", "idle_lock_minutes", "lang", "retention_years"]);
  });
});
