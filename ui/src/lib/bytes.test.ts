// Bytes as base64 text, there and back.
import { describe, expect, it } from "vitest";
import { base64Size, base64ToText, textToBase64 } from "./bytes";

describe("bytes as base64", () => {
  it("carry Chinese text there and back", () => {
    const text = JSON.stringify({ name: "王小明", phone: "13800138000" });
    expect(base64ToText(textToBase64(text))).toBe(text);
  });
  it("know how many bytes they hold", () => {
    expect(base64Size(textToBase64("a"))).toBe(1);
    expect(base64Size(textToBase64("ab"))).toBe(2);
    expect(base64Size(textToBase64("abc"))).toBe(3);
    expect(base64Size(textToBase64("王"))).toBe(3);
  });
});
