import { describe, expect, it } from "vitest";
import {
  dropTrailingEmpty,
  emptyForm,
  fieldPathCandidates,
  fieldPathToId,
  formFromDraft,
  hasContent,
  toCaseInput,
  toLocalInputValue,
} from "./form";

const now = new Date(2026, 10, 24, 9, 5, 7); // 2026-11-24 09:05:07 local

describe("a backend field path", () => {
  it("names the input with the same name for a plain field", () => {
    expect(fieldPathToId("matter")).toBe("f-matter");
    expect(fieldPathToId("received_at")).toBe("f-received_at");
  });
  it("names the row's input for a field inside a list", () => {
    expect(fieldPathToId("complainants[0].phone")).toBe("f-complainants-0-phone");
    expect(fieldPathToId("accused[1].name")).toBe("f-accused-1-name");
    expect(fieldPathToId("witnesses[2].contact")).toBe("f-witnesses-2-contact");
  });
  it("names the row's input for an item of a plain list", () => {
    expect(fieldPathToId("evidence[3]")).toBe("f-evidence-3");
  });
  it("falls back to the first row's name when the list itself is at fault", () => {
    expect(fieldPathCandidates("complainants")).toContain("f-complainants-0-name");
    expect(fieldPathCandidates("complainants")[0]).toBe("f-complainants");
  });
  it("falls back to the row's name when a whole row is at fault", () => {
    expect(fieldPathCandidates("witnesses[1]")).toContain("f-witnesses-1-name");
  });
});

describe("a fresh intake form", () => {
  it("is received now, to the minute, in datetime-local format", () => {
    expect(emptyForm(now).received_at).toBe("2026-11-24T09:05");
    expect(toLocalInputValue(new Date(2026, 0, 2, 3, 4))).toBe("2026-01-02T03:04");
  });
  it("is a signed ordinary complaint received on a visit", () => {
    const f = emptyForm(now);
    expect(f.kind).toBe("complaint");
    expect(f.severity).toBe("ordinary");
    expect(f.channel).toBe("visit");
    expect(f.anonymous).toBe(false);
  });
  it("keeps the receiving clerk and the channel it is given", () => {
    const f = emptyForm(now, { receiving_clerk: "王芳", channel: "letter" });
    expect(f.receiving_clerk).toBe("王芳");
    expect(f.channel).toBe("letter");
  });
  it("shows one empty row in each list and holds nothing worth keeping", () => {
    const f = emptyForm(now);
    expect(f.complainants).toHaveLength(1);
    expect(f.evidence).toEqual([""]);
    expect(hasContent(f)).toBe(false);
  });
});

describe("the case input sent to the backend", () => {
  it("carries what the user typed, untrimmed", () => {
    const f = emptyForm(now);
    f.matter = " 食堂饭菜变质 ";
    f.complainants[0].name = "张三";
    const input = toCaseInput(f);
    expect(input.matter).toBe(" 食堂饭菜变质 ");
    expect(input.complainants).toEqual([{ name: "张三", unit: "", position: "", phone: "", address: "" }]);
    expect(input.received_at).toBe("2026-11-24T09:05");
  });
  it("drops completely empty rows at the end of each list", () => {
    const f = emptyForm(now);
    f.complainants[0].name = "张三";
    f.complainants.push({ name: "", unit: "", position: "", phone: "", address: "" });
    f.evidence = ["收据", "", "  "];
    const input = toCaseInput(f);
    expect(input.complainants).toHaveLength(1);
    expect(input.evidence).toEqual(["收据"]);
    expect(input.accused).toEqual([]);
    expect(input.witnesses).toEqual([]);
  });
  it("keeps an empty row in the middle so error paths still point at the row on screen", () => {
    expect(dropTrailingEmpty(["a", "", "b", ""])).toEqual(["a", "", "b"]);
  });
  it("keeps a row where only one field is filled", () => {
    const f = emptyForm(now);
    f.complainants[0].phone = "13800000000";
    expect(toCaseInput(f).complainants).toHaveLength(1);
  });
  it("sends no complainant identities for an anonymous case, though the form keeps them", () => {
    const f = emptyForm(now);
    f.complainants[0].name = "张三";
    f.anonymous = true;
    expect(toCaseInput(f).complainants).toEqual([]);
    expect(f.complainants[0].name).toBe("张三");
  });
  it("does not share row objects with the form", () => {
    const f = emptyForm(now);
    f.accused[0].name = "李四";
    const input = toCaseInput(f);
    input.accused[0].name = "changed";
    expect(f.accused[0].name).toBe("李四");
  });
});

describe("a stored draft", () => {
  it("comes back as the same form", () => {
    const f = emptyForm(now, { receiving_clerk: "王芳" });
    f.anonymous = true;
    f.facts = "经过";
    f.evidence = ["a", "b"];
    expect(formFromDraft(JSON.parse(JSON.stringify({ version: 1, form: f })), now)).toEqual(f);
  });
  it("fills missing or mistyped fields with defaults", () => {
    const f = formFromDraft({ version: 1, form: { matter: 5, complainants: "x", anonymous: "yes" } }, now)!;
    expect(f.matter).toBe("");
    expect(f.complainants).toHaveLength(1);
    expect(f.anonymous).toBe(false);
    expect(f.received_at).toBe("2026-11-24T09:05");
  });
  it("is ignored when it is not an intake draft", () => {
    expect(formFromDraft(null, now)).toBeNull();
    expect(formFromDraft("text", now)).toBeNull();
    expect(formFromDraft({ other: 1 }, now)).toBeNull();
  });
});
