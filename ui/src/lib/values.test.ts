// Form values read back from the page.
import { describe, expect, it } from "vitest";
import { bool, splitNames, str } from "./values";

describe("form values", () => {
  it("split names on Chinese and ASCII separators and trim them", () => {
    expect(splitNames(" 张三，李四、 王五,赵六 ,, ")).toEqual(["张三", "李四", "王五", "赵六"]);
    expect(splitNames("")).toEqual([]);
  });
  it("read trimmed text and ticked boxes", () => {
    const v = { a: " x ", b: true, c: "on", d: false };
    expect([str(v, "a"), str(v, "b"), str(v, "missing")]).toEqual(["x", "", ""]);
    expect([bool(v, "b"), bool(v, "c"), bool(v, "d"), bool(v, "a")]).toEqual([true, true, false, false]);
  });
});
