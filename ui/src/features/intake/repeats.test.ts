// The repeat check's pure parts: what is asked, when, and what the panel says.
import { describe, expect, it } from "vitest";
import type { IntakeMatches } from "../../api/generated";
import { setLang } from "../../lib/i18n";
import { emptyForm, formFromDraft, toCaseInput } from "./logic";
import { caseLine, countLines, probeKey, probeOf, reasonText, toggleRepeat } from "./repeats";

function typed() {
  const f = emptyForm();
  f.complainants[0].name = " 王小明 ";
  f.complainants[0].phone = "138-0013-8000";
  f.accused[0].name = "赵主任";
  return f;
}

const answer: IntakeMatches = {
  window_days: 180,
  total: 3,
  counts: [
    { reason: "phone", cases: 3, open: 1 },
    { reason: "accused", cases: 1, open: 0 },
  ],
  cases: [
    {
      id: 7,
      number: "TS-2026-000007",
      kind: "complaint",
      channel: "visit",
      received_at: "2026-11-02 09:30:00",
      anonymous: false,
      complainant: "王**",
      accused: "赵主任",
      category: "wage_fee",
      category_label: "克扣工资奖金、乱收费",
      severity: "ordinary",
      matter: "十月份绩效奖金被无故克扣",
      status: "investigating",
      next_due_at: null,
      due_state: null,
      due_label: null,
      reasons: ["phone", "accused"],
      identity_masked: true,
    },
  ],
};

describe("the repeat check asks", () => {
  it("for phones of 7 digits or more and names of two characters or more, trimmed", () => {
    const f = typed();
    f.complainants.push({ ...f.complainants[0], name: "王", phone: "12345" });
    expect(probeOf(f)).toEqual({ phones: ["138-0013-8000"], names: ["王小明"], accused: [], category: "" });
  });
  it("for the accused only once a category is chosen", () => {
    const f = typed();
    f.category = "wage_fee";
    expect(probeOf(f).accused).toEqual(["赵主任"]);
  });
  it("about no complainant on an anonymous form", () => {
    const f = typed();
    f.anonymous = true;
    expect(probeOf(f).phones).toEqual([]);
    expect(probeOf(f).names).toEqual([]);
  });
  it("nothing for an empty form, and again only when a matched value changes", () => {
    expect(probeKey(probeOf(emptyForm()))).toBe("");
    const f = typed();
    const before = probeKey(probeOf(f));
    f.matter = "十月份绩效奖金被无故克扣";
    expect(probeKey(probeOf(f))).toBe(before);
    f.complainants[0].phone = "13900139000";
    expect(probeKey(probeOf(f))).not.toBe(before);
  });
});

describe("the panel says", () => {
  it("how many earlier cases match and how many are open, in Chinese", () => {
    setLang("zh-CN");
    expect(countLines(answer)).toEqual(["此电话此前有 3 件（1 件未办结）", "此被投诉（举报）人在同类问题中此前有 1 件"]);
    expect(reasonText(["phone", "accused"])).toBe("电话、被投诉人及问题类别");
    expect(caseLine(answer.cases[0])).toBe("TS-2026-000007 · 2026-11-02 · 调查中 · 王** · 十月份绩效奖金被无故克扣");
  });
  it("the same in English", () => {
    setLang("en");
    expect(countLines(answer)[0]).toBe("This phone: 3 earlier case(s), 1 open");
    setLang("zh-CN");
  });
});

describe("linking the new case as a repeat", () => {
  it("adds and removes a number, at most five, and sends them with the case", () => {
    const f = typed();
    expect(toggleRepeat(f, "TS-2026-000007")).toBe(true);
    expect(toCaseInput(f).repeat_of).toEqual(["TS-2026-000007"]);
    expect(toggleRepeat(f, "TS-2026-000007")).toBe(false);
    expect(f.repeat_of).toEqual([]);
    for (let i = 1; i <= 6; i++) toggleRepeat(f, `TS-2026-00000${i}`);
    expect(f.repeat_of.length).toBe(5);
  });
  it("survives the draft, and an old draft without it gets none", () => {
    const f = typed();
    toggleRepeat(f, "TS-2026-000007");
    expect(formFromDraft({ version: 2, form: JSON.parse(JSON.stringify(f)) })?.repeat_of).toEqual(["TS-2026-000007"]);
    const old = JSON.parse(JSON.stringify(emptyForm())) as Record<string, unknown>;
    delete old.repeat_of;
    expect(formFromDraft({ version: 2, form: old })?.repeat_of).toEqual([]);
  });
});
