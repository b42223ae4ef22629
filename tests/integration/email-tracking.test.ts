// Open and click tracking end to end: the simulator places an order, the worker sends the
// thank-you email over SMTP to a real server (the mail sink), and the open pixel and click links
// found in the received email are requested from the app's routes over HTTP. Counted once per
// message for the unique figures, every time for the totals; a forged link records nothing and
// the redirect goes only to the URL signed into the link. With tracking off the email has
// neither pixel nor rewritten links.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../../scripts/simulator/server";
import { DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import { startMailSink, type CapturedMail, type MailSink } from "../../scripts/mail-sink/server";
import { serveRoute } from "../support/route-server";
import { startSimulatedShop, type SimulatedShop } from "../support/simulated-shop";

const SHOP = DEMO_SHOP_DOMAIN;
const APP_URL = "http://localhost:3000"; // SHOPIFY_APP_URL of the test environment (vite.config.ts)
const MINUTE = 60_000;

type Db = typeof import("../../app/db.server").default;
let db: Db;
let shop: SimulatedShop | undefined;
let simulator: Simulator;
let sink: MailSink;
let runJobsAt: (at: Date) => Promise<number>;
let openRoute: Awaited<ReturnType<typeof serveRoute>>;
let clickRoute: Awaited<ReturnType<typeof serveRoute>>;
let app: {
  saveEmailSettings: typeof import("../../app/emails/email-settings.server").saveEmailSettings;
  loadEmailSettings: typeof import("../../app/emails/email-settings.server").loadEmailSettings;
  emailFlowSummaries: typeof import("../../app/emails/send-log.server").emailFlowSummaries;
  closeMailer: () => void;
};

beforeAll(async () => {
  sink = await startMailSink();
  process.env.SMTP_URL = sink.smtpUrl;
  openRoute = await serveRoute(async (args) => (await import("../../app/routes/email.open")).loader(args as never));
  clickRoute = await serveRoute(async (args) => (await import("../../app/routes/email.click")).loader(args as never));
  shop = await startSimulatedShop({ storefrontUrl: "https://shop.tracking.test" });
  ({ db, simulator, runJobsAt } = shop);
  const settings = await import("../../app/emails/email-settings.server");
  const transport = await import("../../app/emails/transport.server");
  app = {
    saveEmailSettings: settings.saveEmailSettings,
    loadEmailSettings: settings.loadEmailSettings,
    emailFlowSummaries: (await import("../../app/emails/send-log.server")).emailFlowSummaries,
    closeMailer: () => transport.sharedMailer().close(),
  };
});

afterAll(async () => {
  app?.closeMailer();
  await sink?.close();
  await shop?.close();
  await openRoute?.close();
  await clickRoute?.close();
});

async function setTracking(on: boolean) {
  const current = await app.loadEmailSettings(db, SHOP);
  await app.saveEmailSettings(db, SHOP, { ...current, trackingEnabled: on });
}

/** A new customer's paid order, its thank-you email sent over SMTP; the email as received and its row. */
async function thankYouEmail(): Promise<{ mail: CapturedMail; messageId: string }> {
  const { customer } = await simulator.actions.createCustomer({
    email: `buyer-${randomUUID().slice(0, 8)}@example.com`,
    firstName: "Alex",
    lastName: "Tester",
    locale: "en",
    emailMarketingConsent: "SUBSCRIBED",
  });
  const product = simulator.state.shops.get(SHOP)!.products[0]!;
  const { order } = await simulator.actions.placeOrder({
    customerId: customer.id,
    lines: [{ variantId: product.variants[0]!.id, quantity: 1 }],
  });
  await runJobsAt(new Date());
  await runJobsAt(new Date(Date.parse(order.processedAt) + 61 * MINUTE));
  const mails = sink.messages.filter((mail) => mail.envelopeTo.includes(customer.email));
  expect(mails).toHaveLength(1);
  const row = await db.emailMessage.findFirstOrThrow({ where: { shop: SHOP, orderId: order.id, flow: "thank_you" } });
  expect(row.status).toBe("sent");
  return { mail: mails[0]!, messageId: row.id };
}

const hrefs = (mail: CapturedMail) => [...(mail.html ?? "").matchAll(/href="([^"]+)"/g)].map((match) => match[1]!.replace(/&amp;/g, "&"));
const pixels = (mail: CapturedMail) =>
  [...(mail.html ?? "").matchAll(/<img src="([^"]+)"/g)]
    .map((match) => match[1]!.replace(/&amp;/g, "&"))
    .filter((src) => src.includes("/email/open"));
/** The link as the email carries it, sent to the route's test server instead of the app's URL. */
const onServer = (link: string, server: { url: string }) => link.replace(APP_URL, server.url);
const counts = (id: string) =>
  db.emailMessage.findUniqueOrThrow({ where: { id }, select: { openedAt: true, openCount: true, clickedAt: true, clickCount: true } });

describe("with tracking on (the default)", () => {
  it("the email carries one open pixel and its links go through the signed redirect, except the unsubscribe link", async () => {
    expect((await app.loadEmailSettings(db, SHOP)).trackingEnabled).toBe(true);
    const { mail } = await thankYouEmail();
    expect(pixels(mail)).toHaveLength(1);
    expect(pixels(mail)[0]!.startsWith(`${APP_URL}/email/open?t=`)).toBe(true);
    const links = hrefs(mail);
    // The five survey answers and the storefront link are tracked; the unsubscribe link is not.
    expect(links.filter((href) => href.startsWith(`${APP_URL}/email/click?t=`)).length).toBeGreaterThanOrEqual(5);
    expect(links.filter((href) => href.startsWith(`${APP_URL}/email/survey`))).toEqual([]);
    expect(links.filter((href) => href.startsWith(`${APP_URL}/email/unsubscribe?token=`))).toHaveLength(1);
    // The plain-text part keeps the plain links.
    expect(mail.text).toContain(`${APP_URL}/email/survey?token=`);
    expect(mail.text).not.toContain("/email/click");
  });

  it("opening records the first open once and every open in the total", async () => {
    const { mail, messageId } = await thankYouEmail();
    expect(await counts(messageId)).toEqual({ openedAt: null, openCount: 0, clickedAt: null, clickCount: 0 });
    const pixel = onServer(pixels(mail)[0]!, openRoute);
    const first = await fetch(pixel);
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("image/gif");
    expect(first.headers.get("cache-control")).toContain("no-store");
    expect((await first.arrayBuffer()).byteLength).toBe(42);
    const afterFirst = await counts(messageId);
    expect(afterFirst.openCount).toBe(1);
    expect(afterFirst.openedAt).toBeInstanceOf(Date);
    expect((await fetch(pixel)).status).toBe(200);
    expect(await counts(messageId)).toEqual({ ...afterFirst, openCount: 2 });
  });

  it("clicking records once per message, redirects to the signed URL only, and a forged link is refused with nothing recorded", async () => {
    const { mail, messageId } = await thankYouEmail();
    const tracked = hrefs(mail).filter((href) => href.startsWith(`${APP_URL}/email/click?t=`));
    const link = onServer(tracked[0]!, clickRoute);

    // Forged: the payload's target swapped for another site, the signature kept.
    const url = new URL(link);
    const [payload, signature] = url.searchParams.get("t")!.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString("utf8"));
    const signedTarget = claims.u as string;
    claims.u = "https://evil.example/phish";
    url.searchParams.set("t", `${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${signature}`);
    const forged = await fetch(url, { redirect: "manual" });
    expect(forged.status).toBe(400);
    expect(forged.headers.get("location")).toBeNull();
    expect((await fetch(onServer(`${APP_URL}/email/click?t=garbage`, clickRoute), { redirect: "manual" })).status).toBe(400);
    expect((await fetch(onServer(`${APP_URL}/email/open?t=${url.searchParams.get("t")}`, openRoute))).status).toBe(400);
    expect(await counts(messageId)).toEqual({ openedAt: null, openCount: 0, clickedAt: null, clickCount: 0 });

    // A link checker's HEAD is answered but not counted.
    const head = await fetch(link, { method: "HEAD", redirect: "manual" });
    expect(head.status).toBe(302);
    expect(await counts(messageId)).toEqual({ openedAt: null, openCount: 0, clickedAt: null, clickCount: 0 });

    const click = await fetch(link, { redirect: "manual" });
    expect(click.status).toBe(302);
    expect(click.headers.get("location")).toBe(signedTarget);
    expect(signedTarget.startsWith(`${APP_URL}/email/survey?token=`)).toBe(true);
    const afterFirst = await counts(messageId);
    expect(afterFirst).toMatchObject({ clickCount: 1, openCount: 0 });
    expect(afterFirst.clickedAt).toBeInstanceOf(Date);
    // A click is an open too when images were off.
    expect(afterFirst.openedAt).toEqual(afterFirst.clickedAt);

    expect((await fetch(onServer(tracked[1]!, clickRoute), { redirect: "manual" })).status).toBe(302);
    expect(await counts(messageId)).toEqual({ ...afterFirst, clickCount: 2 });

    const summary = (await app.emailFlowSummaries(db, SHOP, new Date(Date.now() + 2 * 60 * MINUTE))).thank_you;
    expect(summary).toMatchObject({ sent: 3, tracked: 3, opened: 2, clicked: 1, opens: 2, clicks: 2 });
  });
});

describe("with tracking off", () => {
  it("the email has no pixel and plain links", async () => {
    await setTracking(false);
    try {
      const { mail } = await thankYouEmail();
      expect(pixels(mail)).toEqual([]);
      expect(mail.html).not.toContain("/email/open");
      expect(mail.html).not.toContain("/email/click");
      expect(hrefs(mail).filter((href) => href.startsWith(`${APP_URL}/email/survey?token=`))).toHaveLength(5);
      const summary = (await app.emailFlowSummaries(db, SHOP, new Date(Date.now() + 2 * 60 * MINUTE))).thank_you;
      expect(summary).toMatchObject({ sent: 4, tracked: 3 });
    } finally {
      await setTracking(true);
    }
  });
});
