// Enter in a record form: next field, new line, or the button's own action.
import { describe, expect, it } from "vitest";
import { enterMove, nextField } from "./keys";

const enter = { key: "Enter", ctrlKey: false, metaKey: false, altKey: false };
const ctrlEnter = { ...enter, ctrlKey: true };

describe("Enter", () => {
  it("moves on from a one-line field instead of submitting the form", () => {
    expect(enterMove(enter, "INPUT", "text")).toBe("next");
    expect(enterMove(enter, "input", null)).toBe("next");
    expect(enterMove(enter, "INPUT", "tel")).toBe("next");
  });
  it("moves on from a list and from a tick box", () => {
    expect(enterMove(enter, "SELECT", null)).toBe("next");
    expect(enterMove(enter, "INPUT", "checkbox")).toBe("next");
  });
  it("starts a new line in a multi-line text", () => {
    expect(enterMove(enter, "TEXTAREA", null)).toBe("keep");
  });
  it("with Ctrl moves on from a multi-line text", () => {
    expect(enterMove(ctrlEnter, "TEXTAREA", null)).toBe("next");
    expect(enterMove({ ...enter, metaKey: true }, "TEXTAREA", null)).toBe("next");
  });
  it("presses a button as it always does", () => {
    expect(enterMove(enter, "BUTTON", null)).toBe("keep");
    expect(enterMove(enter, "INPUT", "submit")).toBe("keep");
  });
  it("is left to the input method while it composes Chinese characters", () => {
    expect(enterMove({ ...enter, isComposing: true }, "INPUT", "text")).toBe("keep");
  });
  it("does nothing special for other keys", () => {
    expect(enterMove({ ...enter, key: "Tab" }, "INPUT", "text")).toBe("keep");
  });
});

describe("the next field", () => {
  it("is the following one in page order", () => {
    expect(nextField([{ usable: true }, { usable: true }, { usable: true }], 0)).toBe(1);
  });
  it("skips fields that are disabled or hidden", () => {
    expect(nextField([{ usable: true }, { usable: false }, { usable: true }], 0)).toBe(2);
  });
  it("skips the rest of the radio group it is in", () => {
    const f = [{ usable: true, group: "preset" }, { usable: true, group: "preset" }, { usable: true }];
    expect(nextField(f, 0)).toBe(2);
  });
  it("is none after the last field (the form's button comes next)", () => {
    expect(nextField([{ usable: true }, { usable: true }], 1)).toBe(-1);
    expect(nextField([{ usable: true }, { usable: false }], 0)).toBe(-1);
  });
});
