import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { readFlowExtensions, triggerPayloadErrors } from "../../scripts/simulator/flow";
import { enableLoyalty, newShop } from "../../tests/support/loyalty-fixtures";
import db from "../db.server";
import { jobPayload } from "../jobs/queue.server";
import { findOrCreateMember, postToLedger } from "../loyalty/ledger.server";
import { APP_TOML_PATH } from "../shopify/app-config.server";
import { FlowTriggerJob } from "./trigger-payload";
import {
  FLOW_TRIGGER_JOB,
  triggerReviewPublished,
  triggerReviewSubmitted,
  triggerRewardRedeemed,
  triggerTierChanged,
} from "./triggers.server";

const NOW = new Date("2030-03-01T12:00:00Z");
const CUSTOMER = "gid://shopify/Customer/7001";
const PRODUCT = "gid://shopify/Product/8001";
const triggers = readFlowExtensions(APP_TOML_PATH).filter((extension) => extension.type === "flow_trigger");

/** The flow.trigger jobs enqueued for the shop, oldest first. */
async function sentTriggers(shop: string) {
  const jobs = await db.job.findMany({ where: { shop, type: FLOW_TRIGGER_JOB }, orderBy: { createdAt: "asc" } });
  return jobs.map((job) => FlowTriggerJob.parse(jobPayload(job)));
}

const review = (rating: number, customerId: string | null = CUSTOMER) => ({
  id: randomUUID(),
  productId: PRODUCT,
  customerId,
  rating,
  title: "Soft\nand warm",
  authorName: "Ana",
  verified: true,
  status: "pending" as const,
});

describe("Flow triggers", () => {
  it("each has its extension, and every payload the app builds fits the fields that extension declares", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop);
    const member = (await findOrCreateMember(db, shop, { customerId: CUSTOMER, email: null }))!;
    await triggerReviewSubmitted(db, shop, review(1));
    await triggerReviewSubmitted(db, shop, review(5, null));
    await postToLedger(db, shop, member.id, NOW, async () => [
      { kind: "earn", bucket: "balance", points: 40, idempotencyKey: "test:earn", note: "Created an account" },
    ]);
    await triggerTierChanged(db, member, { previous: "", next: "Gold" }, NOW);
    await triggerRewardRedeemed(db, member, { id: randomUUID(), points: 30 }, { name: "$5 off" }, 10);
    const sent = await sentTriggers(shop);

    expect(sent.map((trigger) => trigger.handle).sort()).toEqual(
      ["low-rating-received", "points-earned", "review-submitted", "review-submitted", "reward-redeemed", "tier-changed"].sort(),
    );
    for (const { handle, payload } of sent) {
      const extension = triggers.find((candidate) => candidate.handle === handle);
      expect(extension, handle).toBeDefined();
      expect(triggerPayloadErrors(extension!, payload), handle).toEqual([]);
    }
    expect(sent.find((trigger) => trigger.handle === "low-rating-received")!.payload).toEqual({
      product_id: 8001,
      customer_id: 7001,
      Rating: 1,
      "Review title": "Soft and warm",
      "Author name": "Ana",
      "Verified buyer": true,
    });
    // An anonymous review has no customer to reference: the field is left out.
    expect(sent.filter((trigger) => trigger.handle === "review-submitted").map((trigger) => "customer_id" in trigger.payload)).toEqual([
      true,
      false,
    ]);
    expect(sent.find((trigger) => trigger.handle === "points-earned")!.payload).toEqual({
      customer_id: 7001,
      Points: 40,
      Reason: "Created an account",
      Pending: false,
      "Points balance": 40,
    });
  });

  it("declares every trigger the app sends, with a handle Shopify accepts", () => {
    expect(triggers.map((trigger) => trigger.handle).sort()).toEqual(
      ["low-rating-received", "points-earned", "review-published", "review-submitted", "reward-redeemed", "tier-changed"].sort(),
    );
    for (const trigger of triggers) expect(trigger.handle.length).toBeLessThanOrEqual(30);
  });

  it("sends an event once, however often it is reported", async () => {
    const shop = newShop();
    const written = review(2);
    for (let n = 0; n < 3; n++) await triggerReviewSubmitted(db, shop, written);
    expect((await sentTriggers(shop)).map((trigger) => trigger.handle).sort()).toEqual(["low-rating-received", "review-submitted"]);
  });

  it("sends points earned for earnings only, not for adjustments, spending or members without a customer", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop);
    const member = (await findOrCreateMember(db, shop, { customerId: CUSTOMER, email: null }))!;
    const guest = (await findOrCreateMember(db, shop, { customerId: null, email: "guest@example.com" }))!;
    await postToLedger(db, shop, member.id, NOW, async () => [
      { kind: "pending", bucket: "pending", points: 25, idempotencyKey: "order:1:earn", note: "Order #1001" },
      { kind: "adjust", bucket: "balance", points: 100, idempotencyKey: "adjust:1", note: "Goodwill" },
      { kind: "redeem", bucket: "balance", points: -50, idempotencyKey: "redeem:1", note: "Redeemed" },
    ]);
    await postToLedger(db, shop, guest.id, NOW, async () => [
      { kind: "earn", bucket: "balance", points: 10, idempotencyKey: "order:2:earn", note: "Order #1002" },
    ]);
    expect((await sentTriggers(shop)).map((trigger) => trigger.payload)).toEqual([
      { customer_id: 7001, Points: 25, Reason: "Order #1001", Pending: true, "Points balance": 50 },
    ]);
  });

  it("sends Review published once per publication: again after a rejection and a new publication", async () => {
    const shop = newShop();
    const created = await db.review.create({
      data: {
        shop,
        productId: PRODUCT,
        rating: 4,
        body: "Fine",
        authorName: "Ana",
        source: "storefront",
        contentHash: randomUUID(),
        status: "published",
        publishedAt: NOW,
      },
    });
    await triggerReviewPublished(db, shop, created.id);
    await triggerReviewPublished(db, shop, created.id);
    await db.review.update({ where: { id: created.id }, data: { publishedAt: new Date(NOW.getTime() + 60_000) } });
    await triggerReviewPublished(db, shop, created.id);
    const sent = await sentTriggers(shop);
    expect(sent.map((trigger) => trigger.handle)).toEqual(["review-published", "review-published"]);
    expect(sent[0]!.payload).toEqual({ product_id: 8001, Rating: 4, "Review title": "", "Author name": "Ana", "Verified buyer": false });
  });
});
