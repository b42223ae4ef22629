// The demo in a real browser: admin pages, the simulator placing an order that reaches
// the app as a signed webhook, and the storefront preview rendering the extension.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { Demo } from "../../scripts/demo";
import type { Db } from "../../app/db.server";
import { DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import type { CapturedMail } from "../../scripts/mail-sink/server";
import { addDays } from "../../app/dashboard/days";
import { startBrowserDemo, stopBrowserDemo, untracked, waitFor, type BrowserDemo } from "./support";

let session: BrowserDemo | undefined;
let demo: Demo;
let page: Page;
let db: Db;
let pageErrors: string[];

beforeAll(async () => {
  session = await startBrowserDemo({ firstPort: 3600, name: "retention-e2e" });
  ({ demo, page, db, pageErrors } = session);
});

afterAll(() => stopBrowserDemo(session));

const TINY_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

describe("demo in Chromium", () => {
  it("opens the admin without OAuth and navigates its menu", async () => {
    await page.goto(demo.urls.admin.replace("localhost", "127.0.0.1"));
    // The first visit compiles the admin in the Vite dev server: allow it time.
    await page.getByRole("heading", { name: "Dashboard" }).waitFor({ timeout: 90_000 });
    for (const label of ["Reviews", "Emails", "Loyalty", "Free shipping", "Settings"]) {
      await page.getByRole("link", { name: label }).first().waitFor({ state: "visible" });
    }
    await page.getByRole("link", { name: "Settings" }).first().click();
    await page.getByText("Background jobs").waitFor();
  });

  it("turns an order placed in the simulator into a signed webhook, a job and a dashboard figure", async () => {
    await page.goto(demo.urls.simulator);
    await page.getByRole("button", { name: "Place order" }).click();
    await page.waitForLoadState("load");

    const delivery = await waitFor(
      () => db.webhookDelivery.findFirst({ where: { shop: DEMO_SHOP_DOMAIN, topic: "orders/paid" } }),
      (row) => row !== null,
    );
    expect(delivery).not.toBeNull();
    const jobs = await db.job.findMany({ where: { shop: DEMO_SHOP_DOMAIN, type: "order.record" } });
    expect(jobs.length).toBe(1);
    // The in-process worker runs it.
    const job = await waitFor(
      () => db.job.findUniqueOrThrow({ where: { id: jobs[0]!.id } }),
      (row) => row.status === "done",
    );
    expect(job.status).toBe("done");

    // The order's day is rolled up at once (and again at the end of its 10-minute interval).
    const today = await waitFor(
      () => db.dailyMetric.findFirst({ where: { shop: DEMO_SHOP_DOMAIN }, orderBy: { day: "desc" } }),
      (row) => (row?.orders ?? 0) >= 1,
    );
    expect(today?.orders).toBe(1);
    const lastThirtyDays = await db.dailyMetric.aggregate({
      where: { shop: DEMO_SHOP_DOMAIN, day: { gte: addDays(today!.day, -29) } },
      _sum: { orders: true },
    });
    await page.goto(demo.urls.admin.replace("localhost", "127.0.0.1"));
    const card = page.locator("div", { has: page.getByRole("heading", { level: 2, name: "Orders", exact: true }) }).last();
    await expect(card.innerText()).resolves.toMatch(new RegExp(`^Orders\\s+${lastThirtyDays._sum.orders!.toLocaleString("en")}\\s`));
  });

  it("renders the storefront preview with the star rating from the product's metafields", async () => {
    const shop = demo.simulator.state.shops.get(DEMO_SHOP_DOMAIN)!;
    const product = shop.products[0]!;
    const now = new Date().toISOString();
    shop.metafields.push(
      {
        id: "gid://shopify/Metafield/9001",
        ownerId: product.id,
        namespace: "reviews",
        key: "rating",
        type: "rating",
        value: JSON.stringify({ value: "4.5", scale_min: "1.0", scale_max: "5.0" }),
        updatedAt: now,
      },
      {
        id: "gid://shopify/Metafield/9002",
        ownerId: product.id,
        namespace: "reviews",
        key: "rating_count",
        type: "number_integer",
        value: "12",
        updatedAt: now,
      },
    );
    await page.goto(`${demo.urls.storefront}/products/${product.handle}`);
    await expect(page.getByRole("img", { name: "Rated 4.5 out of 5, 12 reviews" }).first().isVisible()).resolves.toBe(true);
    await page.goto(`${demo.urls.storefront}/el/products/${product.handle}`);
    await expect(
      page
        .getByRole("img", { name: /Βαθμολογία 4,5 από 5/ })
        .first()
        .isVisible(),
    ).resolves.toBe(true);
  });

  it("takes a verified buyer's review with a photo from the storefront to moderation to the product page", async () => {
    const shop = demo.simulator.state.shops.get(DEMO_SHOP_DOMAIN)!;
    const customer = shop.customers[0]!;
    const product = shop.products[1]!;
    const { order } = await demo.simulator.actions.placeOrder({
      customerId: customer.id,
      lines: [{ variantId: product.variants[0]!.id, quantity: 1 }],
    });
    await waitFor(
      () => db.order.findUnique({ where: { id: order.id } }),
      (row) => row !== null,
    );

    // Shop as that customer: Shopify signs logged_in_customer_id on every app-proxy call.
    await page.goto(`${demo.urls.storefront}/account/login`);
    await page.getByRole("button", { name: new RegExp(customer.email) }).click();
    await page.goto(`${demo.urls.storefront}/products/${product.handle}`);
    await page.locator("summary", { hasText: "Write a review" }).click();
    const xss = `<img src=x onerror="window.__xss=1">`;
    await page.getByRole("radio", { name: "3 stars" }).check();
    await page.getByLabel("Review title").fill(xss);
    await page.getByLabel("Your review *").fill("Good soap, but the scent faded after a week.");
    // Logged in, the form asks no name or email: the review goes out under the account's name.
    await expect(page.getByLabel("Your name").count()).resolves.toBe(0);
    await page.getByLabel("Add photos").setInputFiles({ name: "soap.png", mimeType: "image/png", buffer: Buffer.from(TINY_PNG, "base64") });
    await page.getByRole("button", { name: "Submit review" }).click();
    await page.getByText("Thanks! Your review will appear after moderation.").waitFor();

    const review = await db.review.findFirstOrThrow({
      where: { shop: DEMO_SHOP_DOMAIN, productId: product.id },
      include: { photos: true },
    });
    expect(review).toMatchObject({
      status: "pending",
      verified: true,
      rating: 3,
      title: xss,
      authorName: `${customer.firstName} ${customer.lastName.slice(0, 1)}.`,
    });
    expect(review.photos).toHaveLength(1);

    // Moderation in the admin: the payload is shown as text.
    await page.goto(`${demo.urls.admin.replace("localhost", "127.0.0.1")}/reviews`);
    await page.getByText(xss).first().waitFor();
    expect(await page.title()).toBe("Reviews · Retention");
    await page.getByRole("checkbox").last().check();
    await page.getByRole("button", { name: "Publish" }).click();
    await page.getByText("1 review published").waitFor();

    // The worker syncs the product's metafields; the storefront renders them in Liquid.
    await waitFor(
      () => db.job.count({ where: { shop: DEMO_SHOP_DOMAIN, type: "reviews.sync_product", status: { not: "done" } } }),
      (pending) => pending === 0,
    );
    await page.goto(`${demo.urls.storefront}/products/${product.handle}`);
    await page.getByRole("img", { name: "Rated 3 out of 5, 1 review" }).first().waitFor();
    await page.getByText(xss).first().waitFor();
    await page.locator("product-reviews img[loading=lazy]").first().waitFor();
    const jsonLd = await page.locator('script[type="application/ld+json"]').allTextContents();
    const productLd = jsonLd.map((text) => JSON.parse(text)).find((data) => data.aggregateRating);
    expect(productLd.aggregateRating).toMatchObject({ ratingValue: 3, reviewCount: 1 });
    expect(productLd.review[0].name).toBe(xss);
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
  });

  it("imports a Judge.me export with progress and per-row problems, never as verified", async () => {
    await page.goto(`${demo.urls.admin.replace("localhost", "127.0.0.1")}/reviews/import`);
    await page.locator('input[type="file"]').setInputFiles("app/reviews/csv/fixtures/judgeme-export.csv");
    await page.getByRole("button", { name: "Import" }).click();
    await page.getByText("Import started. Progress appears below.").waitFor();
    await page.getByText("done", { exact: true }).waitFor({ timeout: 30_000 });
    await page
      .getByText(/^Row \d+: /)
      .first()
      .waitFor();
    const imported = await db.review.findMany({ where: { shop: DEMO_SHOP_DOMAIN, source: "import" } });
    expect(imported.length).toBeGreaterThan(0);
    expect(imported.every((review) => !review.verified)).toBe(true);

    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export all reviews (CSV)" }).click();
    const csv = await (await download).createReadStream().then(async (stream) => {
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    });
    expect(csv).toContain("product_id,status,rating");
    expect(csv.split("\r\n").length).toBeGreaterThan(imported.length);

    // Filters: verified buyers only, then imported (unverified) ones.
    await page.goto(`${demo.urls.admin.replace("localhost", "127.0.0.1")}/reviews?status=published&verified=yes`);
    await page
      .getByText(/^Alex M\./)
      .first()
      .waitFor();
    await expect(page.getByText("Eleni Papadaki").count()).resolves.toBe(0);
    await page.goto(`${demo.urls.admin.replace("localhost", "127.0.0.1")}/reviews?status=published&verified=no`);
    await page.getByText("Eleni Papadaki").first().waitFor();
  });

  it("a delivered order produces a thank-you and a review request whose link opens the review landing page", async () => {
    const shop = demo.simulator.state.shops.get(DEMO_SHOP_DOMAIN)!;
    const customer = shop.customers.find((candidate) => candidate.email === "emma.clarke@example.com")!;
    const product = shop.products.find((candidate) => candidate.handle === "thyme-honey")!;
    const { order } = await demo.simulator.actions.placeOrder({
      customerId: customer.id,
      lines: [{ variantId: product.variants[0]!.id, quantity: 1 }],
    });
    // Each event waits for the previous one to be recorded, as a real store's would be spaced out.
    await waitFor(
      () => db.order.findUnique({ where: { id: order.id } }),
      (row) => row?.paidAt != null,
    );
    await demo.simulator.actions.fulfilOrder({ orderId: order.id });
    await waitFor(
      () => db.order.findUnique({ where: { id: order.id } }),
      (row) => row?.fulfilledAt != null,
    );
    await demo.simulator.actions.deliverOrder({ orderId: order.id });

    // The demo sends at once (no delays): both emails reach the mail sink.
    const readMail = async () =>
      ((await (await fetch(`${demo.urls.mail}/messages.json`)).json()) as CapturedMail[]).filter((m) =>
        m.envelopeTo.includes(customer.email),
      );
    const isThankYou = (m: CapturedMail) => m.subject.startsWith("Thank you for your first order");
    const isReviewRequest = (m: CapturedMail) => m.subject === `How are you finding your order ${order.name}?`;
    const mail = await waitFor(readMail, (messages) => messages.some(isThankYou) && messages.some(isReviewRequest), 30_000);
    expect(mail.filter(isThankYou)).toHaveLength(1);
    const request = mail.find(isReviewRequest);
    expect(request, JSON.stringify(mail.map((m) => m.subject))).toBeDefined();
    expect(request!.from).toContain("notifications@retention.local");

    // The mail viewer shows it.
    await page.goto(`${demo.urls.mail}/messages/${request!.id}`);
    await page.getByRole("heading", { name: request!.subject }).waitFor();
    await page.frameLocator('iframe[title="Message"]').getByText(product.title).first().waitFor();

    // Its link opens the landing page on the storefront (through the app proxy).
    const href = /href="([^"]*\/apps\/retention\/review\?token=[^"]*)"/.exec(untracked(request!.html))?.[1];
    expect(href).toBeDefined();
    const reviewUrl = href!.replace(/&amp;/g, "&");
    expect(reviewUrl.startsWith(`${demo.urls.storefront}/apps/retention/review?token=`)).toBe(true);
    await page.goto(reviewUrl);
    await page.getByRole("heading", { level: 1, name: "How did we do?" }).waitFor();
    // The review page's whole journey: tests/e2e/review-page-journey.test.ts.
    const form = page.getByRole("group", { name: product.title, exact: true });
    await form.waitFor();
    await form.getByRole("radio", { name: "5 stars" }).check();
    await form.getByLabel("Your review", { exact: true }).fill("Thick, fragrant and not too sweet. Lovely on yoghurt.");
    await page.getByLabel("Your name").fill("Emma C.");
    await page.getByRole("button", { name: "Submit review" }).click();
    await page.getByRole("heading", { level: 1, name: "Thank you for your review!" }).waitFor();
    const review = await db.review.findFirstOrThrow({ where: { shop: DEMO_SHOP_DOMAIN, productId: product.id, orderId: order.id } });
    expect(review).toMatchObject({ rating: 5, verified: true });

    // The List-Unsubscribe header's link: GET only asks, the button unsubscribes.
    const header = Object.entries(request!.headers).find(([name]) => name.toLowerCase() === "list-unsubscribe")?.[1] ?? "";
    const unsubscribeLink = /<([^>]+)>/.exec(header.replace(/\s+/g, ""))?.[1];
    expect(unsubscribeLink).toMatch(/\/email\/unsubscribe\?token=/);
    await page.goto(unsubscribeLink!.replace("localhost", "127.0.0.1"));
    await page.getByRole("heading", { name: `Unsubscribe ${customer.email} from ${shop.name} emails?` }).waitFor();
    expect(await db.emailSuppression.count({ where: { shop: DEMO_SHOP_DOMAIN, email: customer.email } })).toBe(0);
    await page.getByRole("button", { name: "Unsubscribe" }).click();
    await page.getByRole("heading", { name: "You're unsubscribed" }).waitFor();
    expect(await db.emailSuppression.findFirst({ where: { shop: DEMO_SHOP_DOMAIN, email: customer.email } })).toMatchObject({
      reason: "unsubscribed",
    });
  });

  it("takes a satisfaction answer and a comment from the thank-you email's links", async () => {
    const mail = (await (await fetch(`${demo.urls.mail}/messages.json`)).json()) as CapturedMail[];
    const thankYou = mail.find(
      (m) => m.envelopeTo.includes("emma.clarke@example.com") && m.subject.startsWith("Thank you for your first order"),
    );
    const href = /href="([^"]*\/email\/survey\?token=[^"]*score=2)"/.exec(untracked(thankYou?.html).replace(/&amp;/g, "&"))?.[1];
    expect(href).toBeDefined();
    await page.goto(href!.replace("localhost", "127.0.0.1"));
    // Opening the link only asks (link scanners open links too), with the clicked score chosen.
    await page.getByRole("heading", { level: 1, name: "How was your experience?" }).waitFor();
    expect(await page.getByRole("radio", { name: "2" }).isChecked()).toBe(true);
    await page.getByRole("button", { name: "Send my answer" }).click();
    await page.getByRole("heading", { level: 1, name: "Thank you for your answer" }).waitFor();
    await page.getByText("You rated your experience 2 out of 5.").waitFor();
    await page.getByText("Demo Retention Store will be in touch").waitFor();
    await page.getByLabel("Tell us more").fill("The jar lid was cracked.");
    await page.getByRole("button", { name: "Send" }).click();
    await page.getByRole("heading", { level: 1, name: "Thanks for your feedback" }).waitFor();
    const answer = await db.surveyAnswer.findFirstOrThrow({ where: { shop: DEMO_SHOP_DOMAIN, comment: "The jar lid was cracked." } });
    expect(answer.score).toBe(2);
    const task = await db.merchantTask.findFirstOrThrow({
      where: { shop: DEMO_SHOP_DOMAIN, kind: "unhappy_survey", subjectId: answer.id },
    });
    expect(task.summary).toContain("The jar lid was cracked.");
  });

  it("serves the mail sink viewer", async () => {
    await page.goto(demo.urls.mail);
    await page.getByRole("heading", { name: "Mail sink" }).waitFor();
  });

  it("shows the dashboard's setup checklist, figures and charts, and changes the date range", async () => {
    await page.goto(demo.urls.admin.replace("localhost", "127.0.0.1"));
    await page.getByRole("heading", { name: "Set up Retention" }).waitFor();
    const step = (title: string) => page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: title }) });
    // The theme check streams in from the simulator's live theme: embed on, review block added.
    for (const title of [
      "Turn on the app embed",
      "Add the Product reviews block",
      "Switch on loyalty points",
      "Switch on free-shipping thresholds",
    ]) {
      await step(title).getByText("✓ Done").waitFor();
    }
    const testEmail = step("Send yourself a test email");
    await expect(testEmail.getByText("To do").isVisible()).resolves.toBe(true);
    await expect(testEmail.getByRole("link", { name: "Open the review request template" }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole("heading", { level: 2, name: "Repeat-purchase rate" }).isVisible()).resolves.toBe(true);
    // Polaris Viz draws each chart as SVG once the page has hydrated.
    for (const chart of ["Orders", "Average rating", "Emails", "Loyalty points"]) {
      await page
        .getByRole("figure", { name: `${chart} chart` })
        .locator("svg")
        .first()
        .waitFor();
    }
    await page.getByRole("button", { name: "Last 30 days" }).click();
    await page.getByRole("button", { name: "7 days", exact: true }).click();
    await page.getByRole("button", { name: "Last 7 days" }).waitFor();
    expect(new URL(page.url()).searchParams.get("days")).toBe("7");
    await page.getByRole("button", { name: "Hide steps" }).click();
    await page.getByRole("button", { name: "Show steps" }).waitFor();
    await expect(step("Send yourself a test email").isVisible()).resolves.toBe(false);
  });

  it("raised no errors in the browser console on any page", () => {
    expect(pageErrors).toEqual([]);
  });
});
