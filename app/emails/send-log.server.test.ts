import type { EmailStatus } from "@prisma/client";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import db from "../db.server";
import { emailFlowSummaries, listEmailMessages, type SendLogPage } from "./send-log.server";

const newShop = () => `shop-${randomUUID().slice(0, 8)}.myshopify.com`;
const at = (minute: number) => new Date(Date.UTC(2030, 0, 1, 0, minute));
const DAY = 86_400_000;

let sequence = 0;
async function storeMessage(
  shop: string,
  fields: Partial<{
    id: string;
    orderName: string;
    flow: "thank_you" | "review_request";
    step: number;
    recipient: string;
    status: EmailStatus;
    statusReason: string | null;
    scheduledFor: Date;
    sentAt: Date | null;
    createdAt: Date;
    tracked: boolean;
    openedAt: Date;
    openCount: number;
    clickedAt: Date;
    clickCount: number;
  }> = {},
) {
  const n = ++sequence;
  const flow = fields.flow ?? "thank_you";
  const step = fields.step ?? 0;
  const orderId = `gid://shopify/Order/${n}`;
  return db.emailMessage.create({
    data: {
      id: fields.id,
      shop,
      orderId,
      orderName: fields.orderName ?? `#${1000 + n}`,
      flow,
      step,
      idempotencyKey: `${orderId}:${flow}:${step}`,
      template: flow === "thank_you" ? "thank_you_first" : step === 0 ? "review_request" : "review_reminder",
      recipient: fields.recipient ?? `customer${n}@example.com`,
      locale: "en",
      status: fields.status ?? "scheduled",
      statusReason: fields.statusReason ?? null,
      scheduledFor: fields.scheduledFor ?? at(0),
      sentAt: fields.sentAt ?? null,
      createdAt: fields.createdAt ?? at(0),
      tracked: fields.tracked,
      openedAt: fields.openedAt,
      openCount: fields.openCount,
      clickedAt: fields.clickedAt,
      clickCount: fields.clickCount,
    },
  });
}

const orderNames = (page: SendLogPage) => page.messages.map((m) => m.orderName);

describe("listEmailMessages", () => {
  it("lists the shop's emails newest first, filtered by flow, status and a search of order or recipient", async () => {
    const shop = newShop();
    await storeMessage(newShop(), { orderName: "#OTHER", recipient: "alex@example.com", createdAt: at(9) });
    await storeMessage(shop, { orderName: "#1001", flow: "thank_you", status: "sent", recipient: "Alex@Example.com", createdAt: at(1) });
    await storeMessage(shop, {
      orderName: "#1002",
      flow: "review_request",
      status: "scheduled",
      recipient: "sam@example.com",
      createdAt: at(3),
    });
    await storeMessage(shop, {
      orderName: "#1003",
      flow: "review_request",
      status: "failed",
      statusReason: "550 no such user",
      recipient: "kim@example.com",
      createdAt: at(2),
    });
    await storeMessage(shop, {
      orderName: "#2001",
      flow: "thank_you",
      status: "cancelled",
      recipient: "sam@example.com",
      createdAt: at(4),
    });

    const all = await listEmailMessages(db, shop, { take: 10 });
    expect(orderNames(all)).toEqual(["#2001", "#1002", "#1003", "#1001"]);
    expect(all).toMatchObject({ hasNext: false, hasPrevious: false, nextCursor: null, previousCursor: null });
    expect(all.messages[2]).toMatchObject({ status: "failed", statusReason: "550 no such user", template: "review_request" });
    expect(all.messages[0]).not.toHaveProperty("idempotencyKey");

    expect(orderNames(await listEmailMessages(db, shop, { flow: "review_request", take: 10 }))).toEqual(["#1002", "#1003"]);
    expect(orderNames(await listEmailMessages(db, shop, { status: "sent", take: 10 }))).toEqual(["#1001"]);
    expect(orderNames(await listEmailMessages(db, shop, { flow: "thank_you", status: "failed", take: 10 }))).toEqual([]);

    // The search looks at the order name and the address, ignoring case, on both databases.
    expect(orderNames(await listEmailMessages(db, shop, { query: " 100", take: 10 }))).toEqual(["#1002", "#1003", "#1001"]);
    expect(orderNames(await listEmailMessages(db, shop, { query: "#2001", take: 10 }))).toEqual(["#2001"]);
    expect(orderNames(await listEmailMessages(db, shop, { query: "ALEX@example", take: 10 }))).toEqual(["#1001"]);
    expect(orderNames(await listEmailMessages(db, shop, { query: "sam@", flow: "thank_you", take: 10 }))).toEqual(["#2001"]);
    expect(orderNames(await listEmailMessages(db, shop, { query: "#OTHER", take: 10 }))).toEqual([]);
  });

  it("pages forwards and back without skipping or repeating emails created at the same moment", async () => {
    const shop = newShop();
    // Ids out of creation order, so only the id tie-break gives this order (not the row order on disk).
    const prefix = randomUUID();
    const ids: string[] = [];
    for (const [n, letter] of ["c", "a", "e", "b", "d", "f", "g"].entries()) {
      ids.push((await storeMessage(shop, { id: `${prefix}-${letter}`, createdAt: n < 5 ? at(0) : at(n) })).id);
    }
    await storeMessage(newShop(), { createdAt: at(30) });
    const newestFirst = [ids[6]!, ids[5]!, ...ids.slice(0, 5).sort().reverse()];

    const pages: SendLogPage[] = [];
    let after: string | null = null;
    do {
      const page: SendLogPage = await listEmailMessages(db, shop, { take: 3, after });
      pages.push(page);
      after = page.nextCursor;
    } while (after);
    expect(pages.map((p) => p.messages.map((m) => m.id))).toEqual([newestFirst.slice(0, 3), newestFirst.slice(3, 6), newestFirst.slice(6)]);
    expect(pages.map((p) => [p.hasPrevious, p.hasNext])).toEqual([
      [false, true],
      [true, true],
      [true, false],
    ]);

    // Back from the last page: the same pages again, and the first one knows it is first.
    const middle = await listEmailMessages(db, shop, { take: 3, before: pages[2]!.previousCursor });
    expect(middle.messages.map((m) => m.id)).toEqual(newestFirst.slice(3, 6));
    expect([middle.hasPrevious, middle.hasNext]).toEqual([true, true]);
    const first = await listEmailMessages(db, shop, { take: 3, before: middle.previousCursor });
    expect(first.messages.map((m) => m.id)).toEqual(newestFirst.slice(0, 3));
    expect([first.hasPrevious, first.hasNext]).toEqual([false, true]);
    expect(first.previousCursor).toBeNull();
  });

  it("pages within a filter and starts over when a cursor was tampered with", async () => {
    const shop = newShop();
    for (let n = 0; n < 4; n++) await storeMessage(shop, { status: n % 2 ? "sent" : "failed", orderName: `#${n}`, createdAt: at(n) });
    const sent = await listEmailMessages(db, shop, { status: "sent", take: 1 });
    expect(orderNames(sent)).toEqual(["#3"]);
    const olderSent = await listEmailMessages(db, shop, { status: "sent", take: 1, after: sent.nextCursor });
    expect(orderNames(olderSent)).toEqual(["#1"]);
    expect([olderSent.hasPrevious, olderSent.hasNext]).toEqual([true, false]);

    expect(orderNames(await listEmailMessages(db, shop, { take: 10, after: "not-a-cursor" }))).toEqual(["#3", "#2", "#1", "#0"]);
    expect(orderNames(await listEmailMessages(db, shop, { take: 10, before: "bm9wZQ" }))).toEqual(["#3", "#2", "#1", "#0"]);
  });
});

describe("emailFlowSummaries", () => {
  it("counts each flow's sent and failed emails of the last 30 days and those waiting to go", async () => {
    const shop = newShop();
    const now = new Date(Date.UTC(2030, 5, 1, 12));
    const ago = (days: number) => new Date(now.getTime() - days * DAY);
    // Thank-you: two sent lately, one sent long ago, one waiting, one being sent, one bounced lately.
    await storeMessage(shop, { flow: "thank_you", status: "sent", sentAt: ago(1) });
    await storeMessage(shop, { flow: "thank_you", status: "sent", sentAt: ago(29) });
    await storeMessage(shop, { flow: "thank_you", status: "sent", sentAt: ago(31) });
    await storeMessage(shop, { flow: "thank_you", status: "scheduled", scheduledFor: new Date(now.getTime() + DAY) });
    await storeMessage(shop, { flow: "thank_you", status: "sending", scheduledFor: ago(0) });
    await storeMessage(shop, { flow: "thank_you", status: "bounced", scheduledFor: ago(2) });
    // Review requests: one failed lately, one failed long ago, a cancelled and a suppressed one that count nowhere.
    await storeMessage(shop, { flow: "review_request", status: "failed", scheduledFor: ago(3) });
    await storeMessage(shop, { flow: "review_request", status: "failed", scheduledFor: ago(45) });
    await storeMessage(shop, { flow: "review_request", status: "cancelled", scheduledFor: ago(1) });
    await storeMessage(shop, { flow: "review_request", status: "suppressed", scheduledFor: ago(1) });
    await storeMessage(shop, { flow: "review_request", step: 1, status: "scheduled", scheduledFor: ago(-5) });
    // Another shop's emails are not counted.
    await storeMessage(newShop(), { flow: "thank_you", status: "sent", sentAt: ago(1) });
    await storeMessage(newShop(), { flow: "review_request", status: "scheduled" });

    expect(await emailFlowSummaries(db, shop, now)).toEqual({
      thank_you: { sent: 2, scheduled: 2, failed: 1, tracked: 0, opened: 0, clicked: 0, opens: 0, clicks: 0 },
      review_request: { sent: 0, scheduled: 1, failed: 1, tracked: 0, opened: 0, clicked: 0, opens: 0, clicks: 0 },
    });
    const none = { sent: 0, scheduled: 0, failed: 0, tracked: 0, opened: 0, clicked: 0, opens: 0, clicks: 0 };
    expect(await emailFlowSummaries(db, newShop(), now)).toEqual({ thank_you: none, review_request: none });
  });

  it("counts the tracked emails sent, those opened and clicked at least once, and every open and click", async () => {
    const shop = newShop();
    const now = new Date(Date.UTC(2030, 5, 1, 12));
    const ago = (days: number) => new Date(now.getTime() - days * DAY);
    const sent = { status: "sent" as const, tracked: true };
    await storeMessage(shop, {
      flow: "review_request",
      ...sent,
      sentAt: ago(2),
      openedAt: ago(1),
      openCount: 3,
      clickedAt: ago(1),
      clickCount: 2,
    });
    await storeMessage(shop, { flow: "review_request", ...sent, sentAt: ago(2), openedAt: ago(2), openCount: 1 });
    await storeMessage(shop, { flow: "review_request", ...sent, sentAt: ago(3) });
    await storeMessage(shop, { flow: "review_request", ...sent, sentAt: ago(3) });
    // Sent with tracking off: counted as sent, not in the shares.
    await storeMessage(shop, { flow: "review_request", status: "sent", sentAt: ago(3) });
    // Sent before the 30 days: its opens are not this period's.
    await storeMessage(shop, { flow: "review_request", ...sent, sentAt: ago(40), openedAt: ago(39), openCount: 5 });
    await storeMessage(shop, { flow: "thank_you", ...sent, sentAt: ago(1), openedAt: ago(1), openCount: 1 });
    expect(await emailFlowSummaries(db, shop, now)).toEqual({
      review_request: { sent: 5, scheduled: 0, failed: 0, tracked: 4, opened: 2, clicked: 1, opens: 4, clicks: 2 },
      thank_you: { sent: 1, scheduled: 0, failed: 0, tracked: 1, opened: 1, clicked: 0, opens: 1, clicks: 0 },
    });
  });
});
