import { describe, expect, it } from "vitest";
import { encryptionLabels, passphraseProblem } from "./encryption";
import { t } from "./i18n";

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
