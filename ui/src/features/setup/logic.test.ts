// First-run setup: what setup_office is sent and where its field errors go.
import { describe, expect, it } from "vitest";
import { setupFieldId, setupRequest } from "./logic";

describe("first-run setup", () => {
  it("puts a field error under the input it names", () => {
    expect(setupFieldId("office_name")).toBe("setup-office-name");
    expect(setupFieldId("preset")).toBe("setup-preset");
    expect(setupFieldId("phone")).toBe("setup-phone");
  });
  it("sends the typed values trimmed, with the preset and the language chosen", () => {
    expect(setupRequest({ office_name: " 华东示范有限公司 ", address: " 上海 ", phone: "021-1234 ", preset: "enterprise" }, "en")).toEqual({
      office_name: "华东示范有限公司",
      address: "上海",
      phone: "021-1234",
      preset: "enterprise",
      lang: "en",
    });
  });
});
