// The error banner's list of problems, each a link to its field.
import { describe, expect, it } from "vitest";
import { problemList } from "./problems";

const onForm = (ids: Record<string, string>) => (path: string) => ids[path] ?? null;

describe("the error banner's list", () => {
  it("lists every problem on the form as a link to its field, in the core's order", () => {
    const list = problemList("请检查：2 处", [
      { field: "matter", message: "请填写事由。" },
      { field: "complainants[0].phone", message: "手机号应为 11 位数字。" },
    ], onForm({ matter: "f-matter", "complainants[0].phone": "f-complainants-0-phone" }));
    expect(list.map((p) => p.target)).toEqual(["f-matter", "f-complainants-0-phone"]);
    expect(list.map((p) => p.message)).toEqual(["请填写事由。", "手机号应为 11 位数字。"]);
  });
  it("lists a problem whose field is not on the form as text", () => {
    const list = problemList("请检查", [{ field: "version", message: "案件已被他人修改。" }], onForm({}));
    expect(list).toEqual([{ field: "version", message: "案件已被他人修改。", target: null }]);
  });
  it("does not repeat a problem with no field here that the message already says", () => {
    expect(problemList("案件已被他人修改。", [{ field: "version", message: "案件已被他人修改。" }], onForm({}))).toEqual([]);
  });
  it("keeps a link even when the message repeats its text", () => {
    const list = problemList("请填写事由。", [{ field: "matter", message: "请填写事由。" }], onForm({ matter: "f-matter" }));
    expect(list).toHaveLength(1);
  });
});
