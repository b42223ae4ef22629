import { describe, expect, it } from "vitest";
import db from "../db.server";
import { helpfulState, HelpfulVoteForm, setHelpfulVote, ShopperStateQuery, voterKey } from "./helpful-votes.server";
import { newShop, storeReview } from "./test-fixtures";

const SECRET = "test-secret";
const guest = (ip: string, userAgent = "Mozilla/5.0 Chrome/140") => ({ customerId: null, ip, userAgent });

describe("voterKey", () => {
  it("names a customer by their id and a guest by a keyed hash of address and browser", () => {
    expect(voterKey({ customerId: "gid://shopify/Customer/7", ip: "203.0.113.1", userAgent: "x" }, SECRET)).toBe(
      "customer:gid://shopify/Customer/7",
    );
    const key = voterKey(guest("203.0.113.1"), SECRET);
    expect(key).toMatch(/^guest:[0-9a-f]{64}$/);
    expect(key).not.toContain("203.0.113.1");
    // The same address written as IPv4-mapped IPv6 is the same guest.
    expect(voterKey(guest("::ffff:203.0.113.1"), SECRET)).toBe(key);
    expect(voterKey(guest("203.0.113.2"), SECRET)).not.toBe(key);
    expect(voterKey(guest("203.0.113.1", "Mozilla/5.0 Firefox/140"), SECRET)).not.toBe(key);
    // Without the app's secret the hash cannot be recomputed from a list of addresses.
    expect(voterKey(guest("203.0.113.1"), "another-secret")).not.toBe(key);
  });
});

describe("HelpfulVoteForm and ShopperStateQuery", () => {
  it("reads what forms send and says what is wrong", () => {
    expect(HelpfulVoteForm.parse({ review_id: " r1 ", helpful: "false" })).toEqual({ review_id: "r1", helpful: false });
    expect(HelpfulVoteForm.safeParse({ helpful: "true" }).error?.issues[0]?.message).toBe("Say which review the vote is for.");
    expect(HelpfulVoteForm.safeParse({ review_id: "r1", helpful: "1" }).error?.issues[0]?.message).toBe("helpful must be true or false.");
    expect(ShopperStateQuery.parse({ product_id: "42", ids: "a,b,,a" })).toEqual({
      product_id: "gid://shopify/Product/42",
      ids: ["a", "b"],
    });
    expect(ShopperStateQuery.parse({ product_id: "42" }).ids).toEqual([]);
    const tooMany = Array.from({ length: 61 }, (_, n) => `r${n}`).join(",");
    expect(ShopperStateQuery.safeParse({ product_id: "42", ids: tooMany }).success).toBe(false);
  });
});

describe("setHelpfulVote", () => {
  it("keeps the count equal to the votes, however the same vote is repeated or raced", async () => {
    const shop = newShop();
    const { id } = await storeReview(db, shop, { productId: "gid://shopify/Product/1" });
    const results = await Promise.all(Array.from({ length: 4 }, () => setHelpfulVote(db, shop, id, "customer:a", true)));
    expect(results.every((result) => result.ok && result.helpful)).toBe(true);
    expect(await setHelpfulVote(db, shop, id, "customer:b", true)).toEqual({ ok: true, helpful: true, helpfulCount: 2 });
    await Promise.all([setHelpfulVote(db, shop, id, "customer:a", false), setHelpfulVote(db, shop, id, "customer:a", false)]);
    expect(await setHelpfulVote(db, shop, id, "customer:c", false)).toEqual({ ok: true, helpful: false, helpfulCount: 1 });
    expect(await db.reviewVote.count({ where: { reviewId: id } })).toBe(1);
  });

  it("refuses reviews that are not published in the shop", async () => {
    const shop = newShop();
    const pending = await storeReview(db, shop, { productId: "gid://shopify/Product/1", status: "pending" });
    const elsewhere = await storeReview(db, newShop(), { productId: "gid://shopify/Product/1" });
    for (const id of [pending.id, elsewhere.id])
      expect(await setHelpfulVote(db, shop, id, "customer:a", true)).toEqual({ ok: false, reason: "not_found" });
    expect(await db.reviewVote.count({ where: { reviewId: { in: [pending.id, elsewhere.id] } } })).toBe(0);
  });
});

describe("helpfulState", () => {
  it("gives counts of the shop's published reviews asked for, and the voter's own votes among them", async () => {
    const shop = newShop();
    const [a, b] = [
      await storeReview(db, shop, { productId: "gid://shopify/Product/1" }),
      await storeReview(db, shop, { productId: "gid://shopify/Product/1" }),
    ];
    await setHelpfulVote(db, shop, a.id, "guest:x", true);
    await setHelpfulVote(db, shop, a.id, "guest:y", true);
    expect(await helpfulState(db, shop, [a.id, b.id, "missing"], "guest:x")).toEqual({ counts: { [a.id]: 2, [b.id]: 0 }, voted: [a.id] });
    expect(await helpfulState(db, newShop(), [a.id], "guest:x")).toEqual({ counts: {}, voted: [] });
    expect(await helpfulState(db, shop, [], "guest:x")).toEqual({ counts: {}, voted: [] });
  });
});
