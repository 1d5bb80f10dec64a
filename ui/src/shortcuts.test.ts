import { describe, expect, it } from "vitest";
import { detectShortcut, isSingleLineInput } from "./shortcuts";

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

describe("Enter", () => {
  it("is held back in one-line text inputs", () => {
    expect(isSingleLineInput("INPUT", null)).toBe(true);
    expect(isSingleLineInput("INPUT", "text")).toBe(true);
    expect(isSingleLineInput("input", "datetime-local")).toBe(true);
  });
  it("is left alone in textareas, buttons and checkboxes", () => {
    expect(isSingleLineInput("TEXTAREA", null)).toBe(false);
    expect(isSingleLineInput("BUTTON", null)).toBe(false);
    expect(isSingleLineInput("INPUT", "checkbox")).toBe(false);
  });
});
