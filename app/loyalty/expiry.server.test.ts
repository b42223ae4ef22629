import { describe, expect, it, vi } from "vitest";
import { DAY, enableLoyalty, ledgerView, newShop } from "../../tests/support/loyalty-fixtures";
import db from "../db.server";
import { pointsExpiryKey } from "../emails/points-expiry.server";
import { EMAIL_SEND_JOB, sendOutboxEmail } from "../emails/outbox.server";
import type { OutboxConfig } from "../emails/prepared-email.server";
import { suppressEmail } from "../emails/suppression.server";
import type { Mailer, OutgoingMail } from "../emails/transport.server";
import { setBirthday } from "./actions.server";
import { log } from "../lib/log.server";
import { addMonths } from "./dates";
import { DAILY_JOB, runDailyJob, runLoyaltyDaily, scheduleLoyaltyDaily } from "./expiry.server";
import { findOrCreateMember, postToLedger, type MemberIdentity } from "./ledger.server";

const ACTIVE = new Date("2031-01-15T10:00:00Z");
const DUE = addMonths(ACTIVE, 12); // 2032-01-15T10:00Z
const WARN = new Date(DUE.getTime() - 30 * DAY);
const CONFIG: OutboxConfig = { appUrl: "https://app.example", secret: "test-secret", mailFrom: "mail@app.example" };

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

/** Sends one outbox row as the worker would, at `now`. */
const send = (mailer: Mailer, now: Date, shop: string, messageId: string) =>
  sendOutboxEmail(
    {
      db,
      mailer,
      config: CONFIG,
      now,
      lastAttempt: false,
      signal: new AbortController().signal,
      admin: () => Promise.reject(new Error("not asked")),
    },
    shop,
    messageId,
  );

/** A member with `points` earned at ACTIVE (their last activity). */
async function memberWithPoints(
  shop: string,
  points = 1250,
  who: MemberIdentity = { customerId: "gid://shopify/Customer/7", email: "ana@example.com", firstName: "Ana" },
) {
  const member = (await findOrCreateMember(db, shop, who))!;
  await postToLedger(db, shop, member.id, ACTIVE, async () => [
    { kind: "earn", bucket: "balance", points, idempotencyKey: `test:${member.id}` },
  ]);
  return db.loyaltyMember.findUniqueOrThrow({ where: { id: member.id } });
}

async function setUp(overrides: Parameters<typeof enableLoyalty>[2] = {}) {
  const shop = newShop();
  await enableLoyalty(db, shop, { expiryMonths: 12, expiryWarningDays: 30, ...overrides });
  await db.shop.create({
    data: { domain: shop, name: "Demo Store", ianaTimezone: "Europe/Athens", primaryLocale: "en", storefrontUrl: "https://shop.example" },
  });
  return shop;
}

const warnings = (shop: string) => db.emailMessage.findMany({ where: { shop, flow: "points_expiry" } });

describe("runLoyaltyDaily: warning, then expiry", () => {
  it("warns once, 30 days ahead, then expires the balance when due, once", async () => {
    const shop = await setUp();
    const member = await memberWithPoints(shop);

    expect(await runLoyaltyDaily(db, shop, new Date(WARN.getTime() - 1000))).toEqual({ birthdays: 0, warned: 0, expired: 0 });
    expect(await runLoyaltyDaily(db, shop, WARN)).toEqual({ birthdays: 0, warned: 1, expired: 0 });
    expect(await runLoyaltyDaily(db, shop, new Date(WARN.getTime() + DAY))).toEqual({ birthdays: 0, warned: 0, expired: 0 });
    const [email] = await warnings(shop);
    expect(await warnings(shop)).toHaveLength(1);
    expect(email).toMatchObject({
      orderId: `loyalty-member:${member.id}`,
      orderName: "",
      flow: "points_expiry",
      template: "points_expiry",
      step: 0,
      idempotencyKey: `loyalty-member:${member.id}:points_expiry:${ACTIVE.toISOString()}`,
      recipient: "ana@example.com",
      locale: "en",
      status: "scheduled",
      scheduledFor: WARN,
    });
    expect(await db.job.count({ where: { shop, type: EMAIL_SEND_JOB } })).toBe(1);
    expect((await db.loyaltyMember.findUniqueOrThrow({ where: { id: member.id } })).expiryWarnedAt).toEqual(WARN);

    expect(await runLoyaltyDaily(db, shop, new Date(DUE.getTime() - 1000))).toMatchObject({ expired: 0 });
    expect(await runLoyaltyDaily(db, shop, DUE)).toMatchObject({ expired: 1 });
    expect(await runLoyaltyDaily(db, shop, new Date(DUE.getTime() + DAY))).toMatchObject({ warned: 0, expired: 0 });
    const view = await ledgerView(db, member.id);
    expect(view.member.balance).toBe(0);
    expect(view.balanceSum).toBe(0);
    expect(view.member.lifetimeEarned).toBe(1250); // expiry is not a reversal of what was earned
    expect(view.entries.at(-1)).toMatchObject({
      kind: "expire",
      bucket: "balance",
      points: -1250,
      idempotencyKey: `expire:${member.id}:${ACTIVE.toISOString()}`,
    });
    // Expiry is not activity: it does not start a new period.
    expect(view.member.lastActivityAt).toEqual(ACTIVE);
  });

  it("lets activity after the warning keep the points, and cancels the warning before it goes", async () => {
    const shop = await setUp();
    const member = await memberWithPoints(shop);
    await runLoyaltyDaily(db, shop, WARN);
    const active = new Date(WARN.getTime() + DAY);
    await postToLedger(db, shop, member.id, active, async () => [
      { kind: "earn", bucket: "balance", points: 10, idempotencyKey: "order:again" },
    ]);
    expect(await db.loyaltyMember.findUniqueOrThrow({ where: { id: member.id } })).toMatchObject({
      lastActivityAt: active,
      expiryWarnedAt: null,
    });

    const { mailer, sent } = recordingMailer();
    const [email] = await warnings(shop);
    expect(await send(mailer, active, shop, email!.id)).toBe("cancelled");
    expect(sent).toHaveLength(0);
    expect(await runLoyaltyDaily(db, shop, DUE)).toMatchObject({ expired: 0 });
    expect((await db.loyaltyMember.findUniqueOrThrow({ where: { id: member.id } })).balance).toBe(1260);
  });

  it("never expires points unannounced: a late warning moves the date", async () => {
    const shop = await setUp();
    const member = await memberWithPoints(shop);
    // The daily run did not happen for months (or the merchant shortened the period).
    const late = new Date(DUE.getTime() + 40 * DAY);
    expect(await runLoyaltyDaily(db, shop, late)).toMatchObject({ warned: 1, expired: 0 });
    expect(await runLoyaltyDaily(db, shop, new Date(late.getTime() + 29 * DAY))).toMatchObject({ expired: 0 });
    expect(await runLoyaltyDaily(db, shop, new Date(late.getTime() + 30 * DAY))).toMatchObject({ expired: 1 });
    expect((await db.loyaltyMember.findUniqueOrThrow({ where: { id: member.id } })).balance).toBe(0);
  });

  it("expires without a warning when warnings are off, and never when expiry is off", async () => {
    const noWarning = await setUp({ expiryWarningDays: 0 });
    await memberWithPoints(noWarning);
    expect(await runLoyaltyDaily(db, noWarning, DUE)).toMatchObject({ warned: 0, expired: 1 });
    expect(await warnings(noWarning)).toHaveLength(0);

    const never = await setUp({ expiryMonths: 0 });
    await memberWithPoints(never);
    expect(await runLoyaltyDaily(db, never, new Date(DUE.getTime() + 1000 * DAY))).toEqual({ birthdays: 0, warned: 0, expired: 0 });

    const off = await setUp({ enabled: false });
    await memberWithPoints(off);
    expect(await runLoyaltyDaily(db, off, new Date(DUE.getTime() + 1000 * DAY))).toEqual({ birthdays: 0, warned: 0, expired: 0 });
  });

  it("warns members without an address (nobody to write to) and still expires their points", async () => {
    const shop = await setUp();
    const member = await memberWithPoints(shop, 40, { customerId: "gid://shopify/Customer/8", email: null });
    expect(await runLoyaltyDaily(db, shop, WARN)).toMatchObject({ warned: 1 });
    expect(await warnings(shop)).toHaveLength(0);
    expect(await runLoyaltyDaily(db, shop, DUE)).toMatchObject({ expired: 1 });
    expect((await db.loyaltyMember.findUniqueOrThrow({ where: { id: member.id } })).balance).toBe(0);
  });

  it("awards today's birthdays", async () => {
    const shop = await setUp({ birthdayPoints: 100 });
    await setBirthday(db, shop, "gid://shopify/Customer/9", "06-01", ACTIVE);
    expect(await runLoyaltyDaily(db, shop, new Date("2031-06-01T07:00:00Z"))).toMatchObject({ birthdays: 1 });
  });
});

describe("the points-expiry email", () => {
  async function warned(overrides: Parameters<typeof enableLoyalty>[2] = {}) {
    const shop = await setUp(overrides);
    const member = await memberWithPoints(shop);
    await runLoyaltyDaily(db, shop, WARN);
    const [email] = await warnings(shop);
    return { shop, member, email: email! };
  }

  it("tells the balance, the date in the customer's language and links to the rewards page", async () => {
    const { shop, email } = await warned();
    const { mailer, sent } = recordingMailer();
    expect(await send(mailer, WARN, shop, email.id)).toBe("sent");
    expect(sent).toHaveLength(1);
    const mail = sent[0]!;
    expect(mail.to).toBe("ana@example.com");
    expect(mail.from.name).toBe("Demo Store");
    expect(mail.subject).toBe("Your 1,250 points expire on January 15, 2032");
    expect(mail.html).toContain("Hi Ana,");
    // The HTML's links go through click tracking (on by default); the text part keeps them plain.
    expect(mail.text).toContain("https://shop.example/pages/rewards");
    expect(mail.html).toContain("because you collect points at Demo Store");
    expect(mail.headers["List-Unsubscribe"]).toMatch(/^<https:\/\/app\.example\/email\/unsubscribe\?token=/);
    expect(await db.emailMessage.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({ status: "sent", subject: mail.subject });
    // Sent once: the job running again finds it sent.
    expect(await send(mailer, WARN, shop, email.id)).toBe("sent");
    expect(sent).toHaveLength(1);
  });

  it("goes with the built-in template when the shop's fails to render, and says so on the send log and in the log", async () => {
    const shop = await setUp();
    await memberWithPoints(shop);
    // Saved templates are checked, but a render can still fail on real data; a missing partial fails only at render.
    await db.emailTemplate.create({
      data: { shop, kind: "points_expiry", locale: "en", subject: "Points", body: "<p>{% render 'missing' %}</p>" },
    });
    await runLoyaltyDaily(db, shop, WARN);
    const [email] = await warnings(shop);
    const { mailer, sent } = recordingMailer();
    const warn = vi.spyOn(log, "warn");
    try {
      expect(await send(mailer, WARN, shop, email!.id)).toBe("sent");
      expect(warn).toHaveBeenCalledWith(
        expect.objectContaining({ shop, template: "points_expiry", locale: "en", messageId: email!.id }),
        "email template failed to render; sending the default",
      );
    } finally {
      warn.mockRestore();
    }
    expect(sent[0]!.subject).toBe("Your 1,250 points expire on January 15, 2032");
    const row = await db.emailMessage.findUniqueOrThrow({ where: { id: email!.id } });
    expect(row.status).toBe("sent");
    expect(row.statusReason).toMatch(/^rendered with the default template: .*missing/);
  });

  it("is written in Greek for a Greek shop, with the shop's template when edited", async () => {
    const shop = await setUp();
    await db.shop.update({ where: { domain: shop }, data: { primaryLocale: "el" } });
    await memberWithPoints(shop);
    await db.emailTemplate.create({
      data: {
        shop,
        kind: "points_expiry",
        locale: "el",
        subject: "{{ points }} πόντοι έως {{ expires_on }}",
        body: "<p>{{ rewards_url }}</p>",
      },
    });
    await runLoyaltyDaily(db, shop, WARN);
    const [email] = await warnings(shop);
    expect(email!.locale).toBe("el");
    const { mailer, sent } = recordingMailer();
    await send(mailer, WARN, shop, email!.id);
    expect(sent[0]!.subject).toBe("1.250 πόντοι έως 15 Ιανουαρίου 2032");
  });

  it("is not sent to a suppressed address, when the points are gone, or with the programme off", async () => {
    const suppressed = await warned();
    await suppressEmail(db, suppressed.shop, "ANA@example.com", "unsubscribed");
    const { mailer, sent } = recordingMailer();
    expect(await send(mailer, WARN, suppressed.shop, suppressed.email.id)).toBe("suppressed");

    const spent = await warned();
    await postToLedger(db, spent.shop, spent.member.id, WARN, async (_tx, m) => [
      { kind: "adjust", bucket: "balance", points: -m.balance, idempotencyKey: "adjust:all" },
    ]);
    expect(await send(mailer, WARN, spent.shop, spent.email.id)).toBe("skipped");

    const off = await warned();
    await enableLoyalty(db, off.shop, { enabled: false });
    expect(await send(mailer, WARN, off.shop, off.email.id)).toBe("cancelled");
    expect(await db.emailMessage.findUniqueOrThrow({ where: { id: off.email.id } })).toMatchObject({
      status: "cancelled",
      statusReason: "The rewards programme is switched off",
    });

    const late = await warned();
    expect(await send(mailer, DUE, late.shop, late.email.id)).toBe("skipped");
    expect(sent).toHaveLength(0);
  });

  it("keys the email by the inactivity it is about", () => {
    expect(pointsExpiryKey("m1", ACTIVE)).toBe("loyalty-member:m1:points_expiry:2031-01-15T10:00:00.000Z");
  });
});

describe("the daily job", () => {
  it("is scheduled once a day, runs, and enqueues tomorrow's run at 09:00 shop time", async () => {
    const shop = await setUp();
    const now = new Date("2031-07-10T12:00:00Z"); // 15:00 in Athens
    expect(await scheduleLoyaltyDaily(db, shop, now)).toBe(true);
    expect(await scheduleLoyaltyDaily(db, shop, new Date(now.getTime() + 3_600_000))).toBe(false);
    const today = await db.job.findFirstOrThrow({ where: { shop, type: DAILY_JOB } });
    expect(today).toMatchObject({ dedupeKey: "loyalty-daily:2031-07-10", runAt: now });

    expect(await runDailyJob(db, shop, now)).toEqual({ birthdays: 0, warned: 0, expired: 0 });
    await runDailyJob(db, shop, now); // a retried job
    const jobs = await db.job.findMany({ where: { shop, type: DAILY_JOB }, orderBy: { runAt: "asc" } });
    expect(jobs.map((job) => [job.dedupeKey, job.runAt.toISOString()])).toEqual([
      ["loyalty-daily:2031-07-10", now.toISOString()],
      ["loyalty-daily:2031-07-11", "2031-07-11T06:00:00.000Z"],
    ]);
  });

  it("is not scheduled, and stops, while the programme is off or the app is uninstalled", async () => {
    const off = await setUp({ enabled: false });
    expect(await scheduleLoyaltyDaily(db, off, ACTIVE)).toBe(false);
    expect(await runDailyJob(db, off, ACTIVE)).toBeNull();
    const gone = await setUp();
    await db.shop.update({ where: { domain: gone }, data: { uninstalledAt: ACTIVE } });
    expect(await runDailyJob(db, gone, ACTIVE)).toBeNull();
    expect(await db.job.count({ where: { shop: { in: [off, gone] }, type: DAILY_JOB } })).toBe(0);
  });
});
