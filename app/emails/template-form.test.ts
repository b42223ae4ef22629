import { parseWithZod } from "@conform-to/zod/v3";
import { describe, expect, it } from "vitest";
import { problemsByField, sourceProblems, TemplateSourceInput, TestEmailInput } from "./template-form";

const parse = (values: Record<string, string>) =>
  parseWithZod(new URLSearchParams(values), { schema: TestEmailInput, disableAutoCoercion: true });

describe("the template editor's forms", () => {
  it("names each problem on its field", () => {
    expect(parse({ subject: "\u200B", body: "", to: "not an address" }).reply().error).toEqual({
      subject: ["The subject can't be empty."],
      body: ["The email body can't be empty."],
      to: ["Enter a valid email address."],
    });
    expect(parse({ subject: "s".repeat(201), body: "b".repeat(50_001), to: " ann@example.com " }).reply().error).toEqual({
      subject: ["Keep the subject under 200 characters."],
      body: ["Keep the body under 50,000 characters."],
    });
    expect(parse({ subject: "Thanks\u0000!", body: "<p>Hi</p>", to: " ann@example.com " })).toMatchObject({
      status: "success",
      value: { subject: "Thanks!", to: "ann@example.com" },
    });
  });

  it("turns the schema's problems and the server's into the editor's shapes", () => {
    const parsed = TemplateSourceInput.safeParse({ subject: "", body: "" });
    expect(!parsed.success && sourceProblems(parsed.error)).toEqual([
      { field: "subject", message: "The subject can't be empty." },
      { field: "body", message: "The email body can't be empty." },
    ]);
    expect(
      problemsByField([
        { field: "body", message: "one" },
        { field: "body", message: "two" },
      ]),
    ).toEqual({ body: ["one", "two"] });
  });
});
