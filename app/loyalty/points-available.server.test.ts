// "Your points are ready to spend": planned when an order's pending points are released, once
// per release, only with the merchant's switch on and when the shop's consent rule allows it;
// re-checked and composed at send time.
import { describe, expect, it } from "vitest";
import { DAY, enableLoyalty, newShop, storeOrder } from "../../tests/support/loyalty-fixtures";
import db from "../db.server";
import { sendOutboxEmail } from "../emails/outbox.server";
import { pointsAvailableKey } from "../emails/points-available.server";
import type { OutboxConfig } from "../emails/prepared-email.server";
import type { Mailer, OutgoingMail } from "../emails/transport.server";
import { applyOrderPoints, releasePendingPoints } from "./order-points.server";

const PAID = new Date("2031-03-01T10:00:00Z");
const RELEASED = new Date(PAID.getTime() + 14 * DAY);
const CUSTOMER = "gid://shopify/Customer/77";
const CONFIG: OutboxConfig = { appUrl: "https://app.example", secret: "test-secret", mailFrom: "mail@app.example" };

async function setUp(loyalty: Parameters<typeof enableLoyalty>[2] = {}, email: { marketingConsentOnly?: boolean } = {}) {
  const shop = newShop();
  await enableLoyalty(db, shop, { pendingDays: 14, signupPoints: 0, ...loyalty });
  await db.shop.create({
    data: { domain: shop, name: "Demo Store", ianaTimezone: "Europe/Athens", primaryLocale: "en", storefrontUrl: "https://shop.example" },
  });
  await db.emailSettings.create({ data: { shop, thankYouEnabled: false, reviewRequestEnabled: false, ...email } });
  return shop;
}

/** A paid order of 158.00 by the customer, its points earned (pending) at PAID. */
async function paidOrder(shop: string, order: { acceptsMarketing?: boolean; customerLocale?: string } = {}) {
  const row = await storeOrder(db, shop, { customerId: CUSTOMER, email: "ana@example.com", subtotal: "158.00", paidAt: PAID });
  await db.order.update({ where: { id: row.id }, data: { acceptsMarketing: false, ...order } });
  await applyOrderPoints(db, shop, row.id, PAID);
  return row;
}

const planned = (shop: string) => db.emailMessage.findMany({ where: { shop, flow: "points_available" } });

function recordingMailer() {
  const sent: OutgoingMail[] = [];
  const mailer: Mailer = {
    async send(mail) {
      sent.push(mail);
      return { response: "250 OK" };
    },
    close() {},
  };
  return { mailer, sent };
}

const send = (mailer: Mailer, shop: string, messageId: string) =>
  sendOutboxEmail(
    {
      db,
      mailer,
      config: CONFIG,
      now: RELEASED,
      lastAttempt: false,
      signal: new AbortController().signal,
      // A points email shows no product, so Shopify is never asked.
      admin: () => Promise.reject(new Error("not asked")),
    },
    shop,
    messageId,
  );

describe("the points-available email", () => {
  it("is planned once when the points are released, however often the release job runs", async () => {
    const shop = await setUp();
    const order = await paidOrder(shop);
    expect(await planned(shop)).toEqual([]); // pending points: nothing to announce yet

    for (let run = 0; run < 3; run++) await releasePendingPoints(db, shop, order.id, RELEASED);
    const member = await db.loyaltyMember.findUniqueOrThrow({ where: { shop_customerId: { shop, customerId: CUSTOMER } } });
    const emails = await planned(shop);
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({
      template: "points_available",
      recipient: "ana@example.com",
      locale: "en",
      status: "scheduled",
      idempotencyKey: pointsAvailableKey(member.id, order.id),
    });

    const { mailer, sent } = recordingMailer();
    expect(await send(mailer, shop, emails[0]!.id)).toBe("sent");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toBe("Your points are ready to spend: 158 points at Demo Store");
    expect(sent[0]!.html).toContain("<strong>158 points</strong> have joined your balance");
    // The HTML's links go through click tracking (on by default); the text part keeps them plain.
    expect(sent[0]!.text).toContain("https://shop.example/pages/rewards");
    expect(sent[0]!.headers["List-Unsubscribe"]).toMatch(/^<https:\/\/app\.example\/email\/unsubscribe\?token=/);
  });

  it("speaks the customer's language", async () => {
    const shop = await setUp();
    const order = await paidOrder(shop, { customerLocale: "el" });
    await releasePendingPoints(db, shop, order.id, RELEASED);
    const [email] = await planned(shop);
    const { mailer, sent } = recordingMailer();
    expect(await send(mailer, shop, email!.id)).toBe("sent");
    expect(sent[0]!.subject).toBe("Οι πόντοι σας είναι διαθέσιμοι: 158 πόντοι στο Demo Store");
  });

  it("is not planned when the merchant switched it off", async () => {
    const shop = await setUp({ pointsAvailableEmail: false });
    const order = await paidOrder(shop);
    await releasePendingPoints(db, shop, order.id, RELEASED);
    expect(await db.loyaltyMember.findFirstOrThrow({ where: { shop } })).toMatchObject({ balance: 158, pending: 0 });
    expect(await planned(shop)).toEqual([]);
  });

  it("is not planned without consent when the shop emails only customers who accepted marketing", async () => {
    const shop = await setUp({}, { marketingConsentOnly: true });
    const order = await paidOrder(shop, { acceptsMarketing: false });
    await releasePendingPoints(db, shop, order.id, RELEASED);
    expect(await planned(shop)).toEqual([]);

    // With the consent Shopify reported, the next release is announced.
    const consenting = await setUp({}, { marketingConsentOnly: true });
    await db.emailConsent.create({ data: { shop: consenting, customerId: CUSTOMER, email: "ana@example.com", state: "subscribed" } });
    const next = await paidOrder(consenting, { acceptsMarketing: false });
    await releasePendingPoints(db, consenting, next.id, RELEASED);
    expect(await planned(consenting)).toHaveLength(1);
  });

  it("is skipped at send time when consent was withdrawn after it was planned", async () => {
    const shop = await setUp({}, { marketingConsentOnly: true });
    await db.emailConsent.create({ data: { shop, customerId: CUSTOMER, email: "ana@example.com", state: "subscribed" } });
    const order = await paidOrder(shop);
    await releasePendingPoints(db, shop, order.id, RELEASED);
    const [email] = await planned(shop);
    await db.emailConsent.update({ where: { shop_customerId: { shop, customerId: CUSTOMER } }, data: { state: "unsubscribed" } });
    const { mailer, sent } = recordingMailer();
    expect(await send(mailer, shop, email!.id)).toBe("skipped");
    expect(sent).toEqual([]);
    expect(await db.emailMessage.findUniqueOrThrow({ where: { id: email!.id } })).toMatchObject({
      statusReason: "No email marketing consent",
    });
  });
});
