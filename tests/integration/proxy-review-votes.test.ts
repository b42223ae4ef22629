// "Helpful" votes and what the reviews block asks before a shopper writes, through the signed
// app-proxy routes: one vote per shopper and review however often or concurrently they click
// (SQLite and PostgreSQL: run with DATABASE_URL=postgresql://… for the latter), rate-limited,
// scoped to the shop, refused without a valid signature; the "Most helpful" sort; guests told
// to log in where anonymous reviews are off; a customer who reviewed told so up front; and a
// logged-in customer's review stored with the name and address the app knows.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { appProxyRequest } from "../support/shopify-requests";

const SHOP = `votes-${randomBytes(4).toString("hex")}.myshopify.com`;
const OTHER_SHOP = `other-${randomBytes(4).toString("hex")}.myshopify.com`;
const PRODUCT = "gid://shopify/Product/7001";
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36";

type Handler = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<unknown>;
let vote: Handler;
let shopper: Handler;
let list: Handler;
let submit: Handler;
let db: typeof import("../../app/db.server").default;
let limits: typeof import("../../app/security/rate-limit.server");

let reviewSeq = 0;
async function review(shop: string, data: { status?: "published" | "pending"; customerId?: string; createdAt?: Date } = {}) {
  reviewSeq += 1;
  return db.review.create({
    data: {
      shop,
      productId: PRODUCT,
      rating: 4,
      body: `Review ${reviewSeq}, long enough to count.`,
      authorName: `Author ${reviewSeq}`,
      status: data.status ?? "published",
      source: "storefront",
      contentHash: `hash-${reviewSeq}`,
      customerId: data.customerId ?? null,
      createdAt: data.createdAt ?? new Date(Date.UTC(2030, 0, reviewSeq)),
    },
  });
}

interface Shopper {
  customer?: string; // numeric id
  ip?: string;
  userAgent?: string;
}

function proxied(path: string, who: Shopper, init: { method?: "GET" | "POST"; body?: BodyInit; shop?: string } = {}) {
  return appProxyRequest(init.shop ?? SHOP, path, {
    method: init.method,
    body: init.body,
    customerId: who.customer ?? null,
    headers: { "x-forwarded-for": who.ip ?? "203.0.113.7", "user-agent": who.userAgent ?? BROWSER },
  });
}

async function call(handler: Handler, request: Request): Promise<Response> {
  try {
    return (await handler({ request, params: {}, context: {} })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown; // requireAppProxy throws its 401
    throw thrown;
  }
}

function voteForm(reviewId: string, helpful = true) {
  const form = new URLSearchParams({ review_id: reviewId, helpful: String(helpful) });
  return form;
}

const castVote = (reviewId: string, who: Shopper, helpful = true) =>
  call(vote, proxied("/reviews/helpful", who, { method: "POST", body: voteForm(reviewId, helpful) }));

const helpfulCount = async (id: string) => (await db.review.findUniqueOrThrow({ where: { id } })).helpfulCount;

beforeAll(async () => {
  vote = (await import("../../app/routes/proxy.reviews.helpful")).action as Handler;
  shopper = (await import("../../app/routes/proxy.reviews.shopper")).loader as Handler;
  list = (await import("../../app/routes/proxy.reviews")).loader as Handler;
  submit = (await import("../../app/routes/proxy.reviews")).action as Handler;
  db = (await import("../../app/db.server")).default;
  limits = await import("../../app/security/rate-limit.server");
});

describe("POST /apps/retention/reviews/helpful", () => {
  it("counts a customer's vote once, however often they send it, and lets them withdraw it", async () => {
    const { id } = await review(SHOP);
    const ana = { customer: "9101" };
    const first = await castVote(id, ana);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ helpful: true, helpfulCount: 1 });
    expect(await (await castVote(id, ana)).json()).toEqual({ helpful: true, helpfulCount: 1 });
    // Another customer on the same connection is another voter.
    expect(await (await castVote(id, { customer: "9102" })).json()).toEqual({ helpful: true, helpfulCount: 2 });
    expect(await (await castVote(id, ana, false)).json()).toEqual({ helpful: false, helpfulCount: 1 });
    expect(await (await castVote(id, ana, false)).json()).toEqual({ helpful: false, helpfulCount: 1 });
    expect(await db.reviewVote.findMany({ where: { reviewId: id }, select: { voter: true } })).toEqual([
      { voter: "customer:gid://shopify/Customer/9102" },
    ]);
  });

  it("counts two concurrent votes by one shopper once, and two concurrent withdrawals once", async () => {
    const { id } = await review(SHOP);
    for (let round = 0; round < 5; round++) {
      const bob = { customer: `92${round}` };
      const answers = await Promise.all([castVote(id, bob), castVote(id, bob), castVote(id, bob)]);
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    }
    expect(await helpfulCount(id)).toBe(5);
    expect(await db.reviewVote.count({ where: { reviewId: id } })).toBe(5);
    await Promise.all([castVote(id, { customer: "920" }, false), castVote(id, { customer: "920" }, false)]);
    expect(await helpfulCount(id)).toBe(4);
    expect(await db.reviewVote.count({ where: { reviewId: id } })).toBe(4);
  });

  it("knows a guest by their address and browser, never storing either", async () => {
    const { id } = await review(SHOP);
    const guest = { ip: "198.51.100.20" };
    await castVote(id, guest);
    await castVote(id, guest);
    expect(await helpfulCount(id)).toBe(1);
    await castVote(id, { ip: "198.51.100.20", userAgent: "Mozilla/5.0 (iPhone) Safari/604.1" });
    await castVote(id, { ip: "198.51.100.21" });
    expect(await helpfulCount(id)).toBe(3);
    const voters = (await db.reviewVote.findMany({ where: { reviewId: id } })).map((row) => row.voter);
    expect(voters.every((voter) => /^guest:[0-9a-f]{64}$/.test(voter))).toBe(true);
    expect(voters.join(" ")).not.toContain("198.51.100");
  });

  it("votes only on published reviews of the shop the request is signed for", async () => {
    const elsewhere = await review(OTHER_SHOP);
    const pending = await review(SHOP, { status: "pending" });
    for (const id of [elsewhere.id, pending.id, "no-such-review"]) {
      const answer = await castVote(id, { customer: "9301" });
      expect(answer.status).toBe(404);
      expect(await answer.json()).toEqual({ error: "This review is not published in this shop." });
    }
    expect(await db.reviewVote.count({ where: { voter: "customer:gid://shopify/Customer/9301" } })).toBe(0);
    expect(await helpfulCount(elsewhere.id)).toBe(0);
    // Signed for the other shop, the same review can be voted on.
    const there = await call(
      vote,
      proxied("/reviews/helpful", { customer: "9301" }, { method: "POST", body: voteForm(elsewhere.id), shop: OTHER_SHOP }),
    );
    expect(await there.json()).toEqual({ helpful: true, helpfulCount: 1 });
  });

  it("answers 401 to a request without a valid signature and writes nothing", async () => {
    const { id } = await review(SHOP);
    const signed = proxied("/reviews/helpful", { customer: "9401" }, { method: "POST", body: voteForm(id) });
    const url = new URL(signed.url);
    url.searchParams.set("logged_in_customer_id", "9402"); // someone else's id under the first one's signature
    const forged = new Request(url, { method: "POST", body: voteForm(id), headers: signed.headers });
    expect((await call(vote, forged)).status).toBe(401);
    url.searchParams.delete("signature");
    expect((await call(vote, new Request(url, { method: "POST", body: voteForm(id) }))).status).toBe(401);
    expect(await db.reviewVote.count({ where: { reviewId: id } })).toBe(0);
    expect(await helpfulCount(id)).toBe(0);
  });

  it("refuses a malformed vote with a message", async () => {
    const { id } = await review(SHOP);
    const body = new URLSearchParams({ review_id: id, helpful: "yes" });
    const answer = await call(vote, proxied("/reviews/helpful", { customer: "9501" }, { method: "POST", body }));
    expect(answer.status).toBe(422);
    expect(await answer.json()).toEqual({ error: "helpful must be true or false." });
    expect(await helpfulCount(id)).toBe(0);
  });

  it("takes a shopper's allowance of votes, then answers 429 and counts nothing", async () => {
    const allowed = limits.RATE_LIMITS.review_vote.points;
    const reviews = await Promise.all(Array.from({ length: allowed + 1 }, () => review(SHOP)));
    const carol = { customer: "9601" };
    for (const { id } of reviews.slice(0, allowed)) expect((await castVote(id, carol)).status).toBe(200);
    const limited = await castVote(reviews[allowed]!.id, carol);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ reason: "rate_limited", error: expect.stringMatching(/^Too many votes/) });
    expect(await helpfulCount(reviews[allowed]!.id)).toBe(0);
    // Another shopper still votes.
    expect((await castVote(reviews[allowed]!.id, { customer: "9602" })).status).toBe(200);
  });
});

describe("GET /apps/retention/reviews/shopper", () => {
  const state = async (who: Shopper, ids: string[] = [], product = "7001") => {
    const answer = await call(shopper, proxied(`/reviews/shopper?product_id=${product}&ids=${ids.join(",")}`, who));
    expect(answer.status).toBe(200);
    return answer.json();
  };

  it("tells a guest to log in while anonymous reviews are off, and offers the form once they are on", async () => {
    const shop = `anon-${randomBytes(4).toString("hex")}.myshopify.com`;
    const ask = async () => (await call(shopper, proxied("/reviews/shopper?product_id=7001", {}, { shop }))).json();
    expect(await ask()).toEqual({ write: "login", helpful: {}, voted: [] });
    await db.reviewSettings.create({ data: { shop, allowAnonymous: true } });
    expect(await ask()).toMatchObject({ write: "form" });
  });

  it("tells a customer who already reviewed the product before they write, and no one else", async () => {
    await review(SHOP, { customerId: "gid://shopify/Customer/9701", status: "pending" });
    expect(await state({ customer: "9701" })).toMatchObject({ write: "already_reviewed" });
    expect(await state({ customer: "9701" }, [], "7002")).toMatchObject({ write: "form" });
    expect(await state({ customer: "9702" })).toMatchObject({ write: "form" });
  });

  it("gives the current counts of the reviews on screen and which of them the shopper voted for", async () => {
    const [a, b, pending] = [await review(SHOP), await review(SHOP), await review(SHOP, { status: "pending" })];
    const elsewhere = await review(OTHER_SHOP);
    await castVote(a.id, { customer: "9801" });
    await castVote(a.id, { customer: "9802" });
    await castVote(b.id, { customer: "9802" });
    expect(await state({ customer: "9801" }, [a.id, b.id, pending.id, elsewhere.id])).toEqual({
      write: "form",
      helpful: { [a.id]: 2, [b.id]: 1 },
      voted: [a.id],
    });
  });

  it("refuses an unusable query", async () => {
    const answer = await call(shopper, proxied("/reviews/shopper?product_id=soap", {}));
    expect(answer.status).toBe(400);
  });
});

describe("Most helpful first", () => {
  it("sorts by helpful votes, newest first among equals", async () => {
    const product = "7100";
    const productId = `gid://shopify/Product/${product}`;
    const make = (day: number, helpful: number) =>
      db.review.create({
        data: {
          shop: SHOP,
          productId,
          rating: 5,
          body: `Sorted review ${day}.`,
          authorName: `Sorter ${day}`,
          status: "published",
          source: "storefront",
          contentHash: `sorted-${day}`,
          createdAt: new Date(Date.UTC(2031, 0, day)),
          helpfulCount: helpful,
        },
      });
    const [old, mid, recent, newest] = [await make(1, 3), await make(2, 0), await make(3, 3), await make(4, 1)];
    const answer = await call(list, proxied(`/reviews?product_id=${product}&sort=helpful`, {}));
    const body = (await answer.json()) as { reviews: { id: string; helpfulCount: number }[] };
    expect(body.reviews.map((r) => [r.id, r.helpfulCount])).toEqual([
      [recent.id, 3],
      [old.id, 3],
      [newest.id, 1],
      [mid.id, 0],
    ]);
  });
});

describe("a logged-in customer's review from the block", () => {
  it("is stored with the first name and address of their latest order when the form leaves them out", async () => {
    const customerId = "gid://shopify/Customer/9901";
    await db.order.create({
      data: {
        id: "gid://shopify/Order/99001",
        shop: SHOP,
        name: "#99001",
        email: "eleni@example.com",
        customerId,
        customerFirstName: "Eleni",
        currencyCode: "EUR",
        presentmentCurrencyCode: "EUR",
        totalPrice: "5.00",
        presentmentTotalPrice: "5.00",
        subtotalPrice: "5.00",
        financialStatus: "paid",
        processedAt: new Date(),
        paidAt: new Date(),
        lineItems: [
          {
            lineItemId: "gid://shopify/LineItem/99001",
            productId: "gid://shopify/Product/7200",
            variantId: null,
            title: "Soap",
            quantity: 1,
            price: "5.00",
          },
        ],
      },
    });
    const form = new FormData();
    for (const [key, value] of Object.entries({ product_id: "7200", rating: "5", body: "Lovely soap, lasts for weeks.", locale: "el" }))
      form.set(key, value);
    const answer = await call(submit, proxied("/reviews", { customer: "9901" }, { method: "POST", body: form }));
    expect(answer.status).toBe(201);
    const stored = await db.review.findFirstOrThrow({ where: { shop: SHOP, customerId } });
    expect(stored).toMatchObject({ authorName: "Eleni", authorEmail: "eleni@example.com", verified: true });
    // And the block now says so before they try again.
    const again = await call(shopper, proxied("/reviews/shopper?product_id=7200", { customer: "9901" }));
    expect(await again.json()).toMatchObject({ write: "already_reviewed" });
  });
});
