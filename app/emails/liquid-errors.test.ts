import { Liquid } from "liquidjs";
import { describe, expect, it } from "vitest";
import { friendlyLiquidError } from "./liquid-errors";

// The same options as the email renderer, so the errors are the ones merchants meet.
const engine = new Liquid({ outputEscape: "escape", strictFilters: true, ownPropertyOnly: true, templates: {} });

async function problemWith(template: string): Promise<string> {
  try {
    await engine.parseAndRender(
      template,
      { order: { name: "#1001" }, customer: { first_name: "Ana" }, products: [] },
      { strictVariables: true },
    );
  } catch (error) {
    return friendlyLiquidError(error);
  }
  throw new Error(`expected ${JSON.stringify(template)} to fail`);
}

describe("friendlyLiquidError", () => {
  it("names the line and the end tag an unclosed block needs", async () => {
    expect(await problemWith("<p>Hi</p>\n<p>\n{% if order.name %}yes")).toBe(
      "Line 3: the tag {% if %} is not closed. Add {% endif %} where its part should end.",
    );
    expect(await problemWith("{% for product in products %}\n{{ product.title }}")).toBe(
      "Line 1: the tag {% for %} is not closed. Add {% endfor %} where its part should end.",
    );
  });

  it("explains an end tag without its opening tag, and an unknown tag", async () => {
    expect(await problemWith("a\n\n\nb {% endif %}")).toBe(
      "Line 4: {% endif %} has no {% if %} before it. Remove it, or add the opening tag.",
    );
    expect(await problemWith("{% iff order %}")).toMatch(/^Line 1: there is no tag called \{% iff %\}\. Check its spelling/);
  });

  it("explains unknown variables and filters, unclosed braces and missing values", async () => {
    expect(await problemWith("\n{{ customer.nickname }}")).toBe(
      "Line 2: this email has no variable called “customer.nickname”. Use one from the Variables list, or check its spelling.",
    );
    expect(await problemWith("{{ order.name | shout }}")).toMatch(/^Line 1: there is no filter called “shout”/);
    expect(await problemWith("{{ order.name ")).toBe("Line 1: a {{ is not closed. Add }} after the variable.");
    expect(await problemWith("{% if %}{% endif %}")).toMatch(/^Line 1: a tag or \{\{ \}\} is missing its value/);
    expect(await problemWith("{% include 'header' %}")).toMatch(/^Line 1: emails can't include other templates/);
  });

  it("never passes liquidjs's own wording (col:, the source, a caret) to the merchant", async () => {
    for (const template of ["{% if order %}", "{{ nope }}", "{% for %}{% endfor %}", "{% assign %}"]) {
      const message = await problemWith(template);
      expect(message).not.toMatch(/col:|\n|\^|not found|undefined/);
      expect(message).toMatch(/^Line \d+: /);
    }
  });

  it("keeps a general hint for what it does not recognise", () => {
    expect(friendlyLiquidError(new Error("something new, line:7, col:2"))).toBe(
      "Line 7: Liquid can't read this part of the template. Check that every {{ has its }} and every {% its %}.",
    );
    expect(friendlyLiquidError("odd")).toMatch(/^Liquid can't read/);
  });
});
