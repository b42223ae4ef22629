import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_TEMPLATES } from "./default-templates";
import { buildEmailContext, sampleContextInput, type ContextInput } from "./email-context";
import { checkTemplate, emailLayout, renderEmail, type EmailContext } from "./render";
import { EMAIL_LOCALES, TEMPLATE_KINDS, variablesFor, type TemplateKind } from "./template-kinds";

const shop: ContextInput["shop"] = {
  name: "Demo Store",
  storefrontUrl: "https://shop.example",
  email: "owner@shop.example",
  timeZone: "Europe/Athens",
};
const KINDS = Object.keys(TEMPLATE_KINDS) as TemplateKind[];
const sample = (kind: TemplateKind, locale: "en" | "el" = "en", withSurvey = true) =>
  buildEmailContext(sampleContextInput(kind, locale, shop, withSurvey));

function realContext(overrides: Partial<ContextInput> = {}): EmailContext {
  return buildEmailContext({
    shop,
    customer: { firstName: "Alex", email: "alex@example.com" },
    order: { name: "#1042", total: "1234.5", currencyCode: "EUR", processedAt: new Date("2026-11-02T23:30:00Z") },
    locale: "en",
    review: {
      products: [
        { id: "gid://shopify/Product/11", title: "Olive Oil Soap", imageUrl: "https://cdn.example/soap.png" },
        { id: "gid://shopify/Product/12", title: "Ceramic Mug", imageUrl: null },
      ],
      url: "https://shop.example/apps/retention/review?token=abc.def&locale=en",
      reminderNumber: 0,
    },
    unsubscribeUrl: "https://app.example/email/unsubscribe?token=unsub.sig",
    ...overrides,
  });
}

describe("renderEmail", () => {
  it("renders the variables into subject, HTML and the layout", async () => {
    const email = await renderEmail(DEFAULT_TEMPLATES.review_request.en, realContext(), "en");
    expect(email.subject).toBe("How are you finding your order #1042?");
    expect(email.html).toContain("<p>Hi Alex,</p>");
    expect(email.html).toContain(">Olive Oil Soap</a>");
    expect(email.html).toContain(">Ceramic Mug</a>");
    expect(email.html).toContain('href="https://shop.example/apps/retention/review?token=abc.def&amp;locale=en"');
    expect(email.html).toContain("<title>How are you finding your order #1042?</title>");
    expect(email.html).toContain('<html lang="en">');
    expect(email.html).toContain('href="https://app.example/email/unsubscribe?token=unsub.sig"');
  });

  it("formats the total in the customer's currency and the date in the shop's time zone", async () => {
    const context = realContext();
    expect(context.order!.total).toBe("€1,234.50");
    // 23:30 UTC on 2 November is 3 November in Athens.
    expect(context.order!.date).toBe("November 3, 2026");
    const greek = realContext({ locale: "el" });
    expect(greek.order!.total).toBe("1.234,50\u00a0€");
    expect(greek.order!.date).toBe("3 Νοεμβρίου 2026");
  });

  it("HTML-escapes customer-supplied values", async () => {
    const context = realContext({
      customer: { firstName: '<script>alert("x")</script>', email: "x@example.com" },
      review: {
        products: [{ id: "gid://shopify/Product/11", title: '<img src=x onerror="steal()">', imageUrl: null }],
        url: "https://shop.example/r?token=t&locale=en",
        reminderNumber: 0,
      },
    });
    const email = await renderEmail(DEFAULT_TEMPLATES.review_request.en, context, "en");
    expect(email.html).not.toContain("<script>");
    expect(email.html).not.toContain("<img");
    expect(email.html).toContain("Hi &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;,");
    expect(email.html).toContain("&lt;img src=x onerror=&#34;steal()&#34;&gt;");
    // The text part shows the name as written, as plain text.
    expect(email.text).toContain('Hi <script>alert("x")</script>,');
  });

  it("escapes the shop name in the layout, and keeps a subject on one line", async () => {
    const html = emailLayout({
      locale: "el",
      subject: "<b>",
      content: "<p>x</p>",
      shopName: "Tom & <Jerry>",
      unsubscribeUrl: "https://a.example/?a=1&b=2",
    });
    expect(html).toContain("Tom &amp; &lt;Jerry&gt;");
    expect(html).toContain("<title>&lt;b&gt;</title>");
    expect(html).toContain('href="https://a.example/?a=1&amp;b=2"');
    expect(html).toContain("Διαγραφή από τη λίστα");
    const email = await renderEmail(
      { subject: "Hi\r\n{{ customer.first_name }}\nBcc: evil@example.com", body: "<p>x</p>" },
      realContext(),
      "en",
    );
    expect(email.subject).toBe("Hi Alex Bcc: evil@example.com");
    expect(email.subject).not.toMatch(/[\r\n]/);
  });

  it("has a plain-text part with the content and every link", async () => {
    const review = await renderEmail(DEFAULT_TEMPLATES.review_request.en, realContext(), "en");
    expect(review.text).toContain("Hi Alex,");
    expect(review.text).toContain("Olive Oil Soap");
    expect(review.text).toContain("https://shop.example/apps/retention/review?token=abc.def&locale=en");
    expect(review.text).toContain("https://app.example/email/unsubscribe?token=unsub.sig");
    expect(review.text).not.toMatch(/<[a-z]/i);
    expect(review.text).not.toContain("How are you finding your order #1042?\n\nHow are you"); // <title> is not repeated

    const links = [1, 2, 3, 4, 5].map((score) => ({ score, url: `https://app.example/email/survey?token=s.t&score=${score}` }));
    const thanks = await renderEmail(DEFAULT_TEMPLATES.thank_you_first.en, realContext({ review: undefined, surveyLinks: links }), "en");
    // One score and its address a line, not "1 [url]2 [url]…".
    for (const link of links) expect(thanks.text).toMatch(new RegExp(`^${link.score} \\[${link.url.replace(/[.?]/g, "\\$&")}\\]$`, "m"));
    expect(thanks.text).toContain("How was shopping with us?");
    const noSurvey = await renderEmail(DEFAULT_TEMPLATES.thank_you_first.en, realContext({ review: undefined, surveyLinks: null }), "en");
    expect(noSurvey.text).not.toContain("How was shopping with us?");
    expect(noSurvey.html).not.toContain("/email/survey");
  });
});

describe("checkTemplate", () => {
  const context = sample("thank_you_first");

  it("accepts a template that uses known variables and filters", async () => {
    expect(
      await checkTemplate({ subject: "Hi {{ customer.first_name | upcase }}", body: "<p>{{ order.name }} {{ shop.url }}</p>" }, context),
    ).toEqual([]);
  });

  it("reports an unknown variable in the merchant's words, with its line", async () => {
    const problems = await checkTemplate({ subject: "Hello", body: "<p>Hi {{ customer.last_name }}</p>" }, context);
    expect(problems).toEqual([
      {
        field: "body",
        message: "Line 1: this email has no variable called “customer.last_name”. Use one from the Variables list, or check its spelling.",
      },
    ]);
  });

  it("reports an unknown filter, and problems in the subject", async () => {
    expect(await checkTemplate({ subject: "{{ shop.name | shout }}", body: "<p>ok</p>" }, context)).toEqual([
      { field: "subject", message: 'Line 1: there is no filter called “shout”. Check its spelling, e.g. | default: "there" or | upcase.' },
    ]);
    const both = await checkTemplate({ subject: "{{ nope }}", body: "{% if order %}" }, context);
    expect(both.map((p) => p.field)).toEqual(["subject", "body"]);
    expect(both[1]!.message).toBe("Line 1: the tag {% if %} is not closed. Add {% endif %} where its part should end.");
    for (const problem of both) expect(problem.message).not.toContain("\n");
  });

  it("gives the points-expiry warning its own variables and no order", async () => {
    const points = sample("points_expiry");
    expect(points).toMatchObject({ points: "1,250", expires_on: "December 2, 2026", rewards_url: "https://shop.example/pages/rewards" });
    expect(points.order).toBeUndefined();
    expect(
      await checkTemplate({ subject: "{{ points }} until {{ expires_on }}", body: '<a href="{{ rewards_url }}">x</a>' }, points),
    ).toEqual([]);
    expect(await checkTemplate({ subject: "x", body: "{{ order.name }}" }, points)).toEqual([
      {
        field: "body",
        message: "Line 1: this email has no variable called “order”. Use one from the Variables list, or check its spelling.",
      },
    ]);
    expect(await checkTemplate({ subject: "x", body: "{{ points }}" }, sample("thank_you_first"))).toEqual([
      {
        field: "body",
        message: "Line 1: this email has no variable called “points”. Use one from the Variables list, or check its spelling.",
      },
    ]);
    expect(variablesFor("points_expiry").map((v) => v.name)).toEqual([
      "shop.name",
      "shop.url",
      "customer.first_name",
      "points",
      "expires_on",
      "rewards_url",
      "unsubscribe_url",
    ]);
    expect(variablesFor("thank_you_first").map((v) => v.name)).toContain("order.name");
    // The footer says why the customer gets it: their points, not an order.
    const email = await renderEmail(DEFAULT_TEMPLATES.points_expiry.en, points, "en");
    expect(email.subject).toBe("Your 1,250 points expire on December 2, 2026");
    expect(email.text).toContain("You are receiving this email because you collect points at Demo Store.");
    expect((await renderEmail(DEFAULT_TEMPLATES.points_expiry.el, sample("points_expiry", "el"), "el")).subject).toBe(
      "Οι 1.250 πόντοι σας λήγουν στις 2 Δεκεμβρίου 2026",
    );
  });

  it("reports a variable another email kind has but this one does not", async () => {
    const problems = await checkTemplate({ subject: "x", body: "{{ review_url }}" }, sample("thank_you_first"));
    expect(problems).toEqual([
      {
        field: "body",
        message: "Line 1: this email has no variable called “review_url”. Use one from the Variables list, or check its spelling.",
      },
    ]);
    expect(await checkTemplate({ subject: "x", body: "{{ review_url }}" }, sample("review_request"))).toEqual([]);
  });

  it("refuses empty and oversized fields before rendering", async () => {
    expect(await checkTemplate({ subject: " ", body: "" }, context)).toEqual([
      { field: "subject", message: "The subject can't be empty." },
      { field: "body", message: "The email body can't be empty." },
    ]);
    expect(await checkTemplate({ subject: "x".repeat(201), body: "x".repeat(50_001) }, context)).toEqual([
      { field: "subject", message: "Keep the subject under 200 characters." },
      { field: "body", message: "Keep the body under 50,000 characters." },
    ]);
  });

  it("cannot read files: include, render and layout find nothing", async () => {
    const packageJson = path.resolve("package.json");
    for (const body of [
      `{% include '${packageJson}' %}`,
      "{% include 'package.json' %}",
      "{% render 'package.json' %}",
      "{% layout 'package.json' %}x",
      "{% include '../../../etc/passwd' %}",
    ]) {
      const problems = await checkTemplate({ subject: "x", body }, context);
      expect(problems, body).toHaveLength(1);
      expect(problems[0]!.message, body).toMatch(/^Line 1: emails can't include other templates/);
      await expect(renderEmail({ subject: "x", body }, context, "en")).rejects.toThrow(/ENOENT/);
    }
  });

  it("stops a template that would render forever", async () => {
    const problems = await checkTemplate(
      { subject: "x", body: "{% for a in (1..100000) %}{% for b in (1..100000) %}{{ a }}{% endfor %}{% endfor %}" },
      context,
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]!.field).toBe("body");
  });

  it.each(KINDS.flatMap((kind) => EMAIL_LOCALES.flatMap((locale) => [true, false].map((withSurvey) => ({ kind, locale, withSurvey })))))(
    "the default $kind ($locale, survey $withSurvey) passes against its sample data and renders",
    async ({ kind, locale, withSurvey }) => {
      const source = DEFAULT_TEMPLATES[kind][locale];
      const context = sample(kind, locale, withSurvey);
      expect(await checkTemplate(source, context)).toEqual([]);
      const email = await renderEmail(source, context, locale, { strict: true });
      expect(email.subject.length).toBeGreaterThan(0);
      expect(email.html).toContain(`<html lang="${locale}">`);
      expect(email.html).not.toContain("{{");
      expect(email.html).not.toContain("{%");
      expect(email.text).toContain(context.unsubscribe_url);
      if (kind === "review_request" || kind === "review_reminder") {
        expect(email.text).toContain(context.review_url!);
        for (const product of context.products!) expect(email.html).toContain(product.title);
      } else if (kind === "points_expiry") {
        expect(email.subject).toContain(context.points!);
        expect(email.subject).toContain(context.expires_on!);
        expect(email.html).toContain(`href="${context.rewards_url}"`);
      } else if (kind === "points_available") {
        expect(email.subject).toContain(context.points!);
        expect(email.html).toContain(context.released_points!);
        expect(email.html).toContain(`href="${context.rewards_url}"`);
      } else if (withSurvey) {
        for (const link of context.survey!.links) expect(email.html).toContain(`href="${link.url}"`);
      }
    },
  );
});
