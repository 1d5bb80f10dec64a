// The intake form: its state, the CaseInput sent, drafts, field paths and shortcuts.
import { describe, expect, it } from "vitest";
import {
  defaultsFromDraft,
  detectShortcut,
  dropTrailingEmpty,
  emptyForm,
  emptyPerson,
  fieldPathCandidates,
  fieldPathToId,
  formFromDraft,
  hasContent,
  stampNow,
  startForm,
  clerkChoices,
  toCaseInput,
} from "./logic";

const now = new Date(2026, 10, 24, 9, 5, 7); // 2026-11-24 09:05:07 local

describe("a field path from the core", () => {
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
  it("has no received time until the clerk starts typing", () => {
    const f = emptyForm();
    expect(f.received_at).toBe("");
    expect(f.stamp_pending).toBe(true);
  });
  it("is a signed ordinary complaint received on a visit", () => {
    const f = emptyForm();
    expect(f.kind).toBe("complaint");
    expect(f.severity).toBe("ordinary");
    expect(f.channel).toBe("visit");
    expect(f.anonymous).toBe(false);
  });
  it("keeps the channel it is given and has the signed-in user as the receiving clerk", () => {
    const f = emptyForm({ channel: "letter" });
    expect(f.channel).toBe("letter");
    expect(f.receiving_clerk_id).toBeNull();
  });
  it("shows one empty row in each list and holds nothing worth keeping", () => {
    const f = emptyForm();
    expect(f.complainants).toHaveLength(1);
    expect(f.evidence).toEqual([""]);
    expect(hasContent(f)).toBe(false);
  });
});

describe("the received time", () => {
  it("is stamped to the minute at the clerk's first input in any field", () => {
    const f = emptyForm();
    expect(startForm(f, now, "f-complainants-0-name")).toBe(true);
    expect(f.received_at).toBe("2026-11-24 09:05");
    expect(f.stamp_pending).toBe(false);
  });
  it("is not stamped again by later input", () => {
    const f = emptyForm();
    startForm(f, now, "f-kind");
    expect(startForm(f, new Date(2026, 10, 24, 9, 40), "f-matter")).toBe(false);
    expect(f.received_at).toBe("2026-11-24 09:05");
  });
  it("is what the clerk types when the first input is the time itself", () => {
    const f = emptyForm();
    f.received_at = "2026-11-23 16";
    startForm(f, now, "f-received_at");
    expect(f.received_at).toBe("2026-11-23 16");
  });
  it("is the current minute after 现在, and then no longer waits for the first input", () => {
    const f = emptyForm();
    stampNow(f, new Date(2026, 10, 24, 10, 2, 59));
    expect(f.received_at).toBe("2026-11-24 10:02");
    expect(startForm(f, now, "f-matter")).toBe(false);
  });
  it("is sent in the core's form even when typed another way", () => {
    const f = emptyForm();
    f.received_at = "2026/11/24 9:05";
    expect(toCaseInput(f).received_at).toBe("2026-11-24 09:05");
  });
  it("is sent empty (the core then takes the moment of saving) when nothing was typed", () => {
    expect(toCaseInput(emptyForm()).received_at).toBe("");
  });
});

describe("the receiving clerks offered", () => {
  const li = { id: 1, name: "李娜" };
  const zhou = { id: 2, name: "周敏" };
  it("are the office's active users", () => {
    expect(clerkChoices([li, zhou], zhou)).toEqual([li, zhou]);
  });
  it("always include the signed-in user, first when the list lacks them", () => {
    expect(clerkChoices([li], zhou)).toEqual([zhou, li]);
    expect(clerkChoices([], zhou)).toEqual([zhou]);
  });
});

describe("the case input sent to the core", () => {
  it("carries what the user typed, untrimmed", () => {
    const f = emptyForm();
    f.matter = " 食堂饭菜变质 ";
    f.complainants[0].name = "张三";
    const input = toCaseInput(f);
    expect(input.matter).toBe(" 食堂饭菜变质 ");
    expect(input.complainants).toEqual([{ name: "张三", unit: "", position: "", phone: "", address: "", gender: "", id_number: "" }]);
  });
  it("drops completely empty rows at the end of each list", () => {
    const f = emptyForm();
    f.complainants[0].name = "张三";
    f.complainants.push(emptyPerson());
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
    const f = emptyForm();
    f.complainants[0].phone = "13800000000";
    expect(toCaseInput(f).complainants).toHaveLength(1);
  });
  it("sends no complainant identities for an anonymous case, though the form keeps them", () => {
    const f = emptyForm();
    f.complainants[0].name = "张三";
    f.anonymous = true;
    expect(toCaseInput(f).complainants).toEqual([]);
    expect(f.complainants[0].name).toBe("张三");
  });
  it("names the clerk by account and leaves the name to the core", () => {
    const f = emptyForm();
    f.receiving_clerk_id = 5;
    f.reply_method = "sms";
    expect(toCaseInput(f)).toMatchObject({ receiving_clerk_id: 5, receiving_clerk: "", reply_method: "sms" });
  });
  it("does not share row objects with the form", () => {
    const f = emptyForm();
    f.accused[0].name = "李四";
    const input = toCaseInput(f);
    input.accused[0].name = "changed";
    expect(f.accused[0].name).toBe("李四");
  });
});

describe("a stored draft", () => {
  it("comes back as the same form", () => {
    const f = emptyForm();
    f.complainants[0].gender = "female";
    f.complainants[0].id_number = "11010519491231002X";
    f.anonymous = true;
    f.facts = "经过";
    f.evidence = ["a", "b"];
    expect(formFromDraft(JSON.parse(JSON.stringify({ version: 1, form: f })))).toEqual(f);
  });
  it("fills missing or mistyped fields with defaults, its time waiting for the first input", () => {
    const f = formFromDraft({ version: 1, form: { matter: 5, complainants: "x", anonymous: "yes" } })!;
    expect(f.matter).toBe("");
    expect(f.complainants).toHaveLength(1);
    expect(f.anonymous).toBe(false);
    expect(f.received_at).toBe("");
    expect(f.stamp_pending).toBe(true);
  });
  it("of the datetime-local days comes back with its time in the core's form, already stamped", () => {
    const f = formFromDraft({ version: 2, form: { received_at: "2026-11-24T09:05", matter: "旧" } })!;
    expect(f.received_at).toBe("2026-11-24 09:05");
    expect(f.stamp_pending).toBe(false);
  });
  it("of the older form, which named the clerk, comes back without a clerk account", () => {
    const f = formFromDraft({ version: 1, form: { receiving_clerk: "王芳", matter: "旧草稿", complainants: [{ name: "张三" }] } })!;
    expect(f.receiving_clerk_id).toBeNull();
    expect(f.matter).toBe("旧草稿");
    expect(f.complainants[0]).toEqual({ ...emptyPerson(), name: "张三" });
  });
  it("remembers the channel between cases, but not the clerk (each form starts with the signed-in user)", () => {
    expect(defaultsFromDraft({ receiving_clerk_id: 2, channel: "phone" })).toEqual({ channel: "phone" });
    expect(defaultsFromDraft(null)).toEqual({ channel: undefined });
  });
  it("is ignored when it is not an intake draft", () => {
    expect(formFromDraft(null)).toBeNull();
    expect(formFromDraft("text")).toBeNull();
    expect(formFromDraft({ other: 1 })).toBeNull();
  });
});



const key = (k: string, mods: Partial<{ ctrlKey: boolean; shiftKey: boolean; altKey: boolean; metaKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  shiftKey: false,
  altKey: false,
  metaKey: false,
  ...mods,
});

describe("the intake shortcuts", () => {
  it("save on Ctrl+S", () => {
    expect(detectShortcut(key("s", { ctrlKey: true }))).toBe("save");
  });
  it("save and print on Ctrl+Shift+S, whatever the case of the letter", () => {
    expect(detectShortcut(key("S", { ctrlKey: true, shiftKey: true }))).toBe("save_print");
  });
  it("save and print on Ctrl+P", () => {
    expect(detectShortcut(key("p", { ctrlKey: true }))).toBe("save_print");
  });
  it("treat ⌘ like Ctrl", () => {
    expect(detectShortcut(key("s", { metaKey: true }))).toBe("save");
  });
  it("ignore plain letters, Alt combinations and other Ctrl keys", () => {
    expect(detectShortcut(key("s"))).toBeNull();
    expect(detectShortcut(key("s", { ctrlKey: true, altKey: true }))).toBeNull();
    expect(detectShortcut(key("c", { ctrlKey: true }))).toBeNull();
    expect(detectShortcut(key("Enter", { ctrlKey: true }))).toBeNull();
  });
});
