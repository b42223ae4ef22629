// Every public route that takes a body (webhooks, app proxy POSTs, email links) answers a
// malformed, mistyped, oversized or empty body with a 4xx and a message saying what is wrong,
// never a 500, and writes nothing; a bad signature is 401 and writes nothing.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appProxyUrl } from "../../scripts/simulator/app-proxy";
import { signWebhook } from "../../scripts/simulator/webhooks";

const SECRET = process.env.SHOPIFY_API_SECRET!;
const SHOP = "bodies-test.myshopify.com";
const CUSTOMER = "31";

type Action = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<unknown>;
let routes: Record<"webhooks" | "loyalty" | "reviews" | "unsubscribe" | "survey", Action>;
let db: typeof import("../../app/db.server").default;
let unsubscribeLink: string;

beforeAll(async () => {
  db = (await import("../../app/db.server")).default;
  routes = {
    webhooks: (await import("../../app/routes/webhooks")).action as Action,
    loyalty: (await import("../../app/routes/proxy.loyalty")).action as Action,
    reviews: (await import("../../app/routes/proxy.reviews")).action as Action,
    unsubscribe: (await import("../../app/routes/email.unsubscribe")).action as Action,
    survey: (await import("../../app/routes/email.survey")).action as Action,
  };
  // A valid link: only the body stands between these requests and a suppression.
  const { unsubscribeUrl } = await import("../../app/emails/email-links");
  unsubscribeLink = unsubscribeUrl("http://localhost:3000", { shop: SHOP, email: "someone@example.com", locale: "en" }, SECRET);
});

/** Rows any of these routes could write. */
const written = async () => ({
  deliveries: await db.webhookDelivery.count(),
  jobs: await db.job.count(),
  dataRequests: await db.dataRequest.count(),
  reviews: await db.review.count(),
  redemptions: await db.loyaltyRedemption.count(),
  members: await db.loyaltyMember.count(),
  suppressions: await db.emailSuppression.count(),
  answers: await db.surveyAnswer.count(),
});

/** The route's answer, returned or thrown (Remix sends a thrown Response as the answer). */
async function call(action: Action, request: Request): Promise<{ status: number; body: { error?: string } }> {
  const response = (await action({ request, params: {}, context: {} }).catch((thrown: unknown) => thrown)) as Response;
  expect(response).toBeInstanceOf(Response);
  return { status: response.status, body: await response.json() };
}

const proxyUrl = (path: string) =>
  appProxyUrl("http://localhost:3000/proxy", path, {
    shop: SHOP,
    pathPrefix: "/apps/retention",
    secret: SECRET,
    loggedInCustomerId: CUSTOMER,
  });

interface RouteCase {
  name: string;
  action: () => Action;
  url: () => string;
  /** The content type the route takes, and one it refuses. */
  contentType: string;
  wrongType: string;
  maxBytes: number;
  malformed: string;
  malformedMessage: string;
  emptyType?: string;
}

const MULTIPART = "multipart/form-data; boundary=retention-boundary";
const BROKEN_MULTIPART = '--retention-boundary\r\nContent-Disposition: form-data; name="token"\r\n\r\nunterminated';

const cases: RouteCase[] = [
  {
    name: "POST /apps/retention/loyalty",
    action: () => routes.loyalty,
    url: () => proxyUrl("/loyalty"),
    contentType: "application/json",
    wrongType: "text/plain",
    maxBytes: 16 * 1024,
    malformed: '{"intent": "redeem", ',
    malformedMessage: "Request body is not valid JSON",
  },
  {
    name: "POST /apps/retention/reviews",
    action: () => routes.reviews,
    url: () => proxyUrl("/reviews"),
    contentType: MULTIPART,
    wrongType: "application/json",
    maxBytes: 30 * 1024 * 1024,
    malformed: BROKEN_MULTIPART,
    malformedMessage: "Request body is not valid multipart form data",
  },
  {
    name: "POST /email/unsubscribe",
    action: () => routes.unsubscribe,
    url: () => unsubscribeLink,
    contentType: MULTIPART,
    wrongType: "application/json",
    maxBytes: 16 * 1024,
    malformed: BROKEN_MULTIPART,
    malformedMessage: "Request body is not valid multipart form data",
  },
  {
    name: "POST /email/survey",
    action: () => routes.survey,
    url: () => "http://localhost:3000/email/survey",
    contentType: MULTIPART,
    wrongType: "text/plain",
    maxBytes: 64 * 1024,
    malformed: BROKEN_MULTIPART,
    malformedMessage: "Request body is not valid multipart form data",
  },
];

describe.each(cases)("$name", (route) => {
  const post = (body: BodyInit | null, headers: Record<string, string>) => new Request(route.url(), { method: "POST", body, headers });
  const limitText = route.maxBytes >= 1024 * 1024 ? `${route.maxBytes / (1024 * 1024)} MB` : `${route.maxBytes / 1024} KB`;

  it("refuses a malformed body with 400", async () => {
    const before = await written();
    expect(await call(route.action(), post(route.malformed, { "content-type": route.contentType }))).toEqual({
      status: 400,
      body: { error: route.malformedMessage },
    });
    expect(await written()).toEqual(before);
  });

  it("refuses the wrong content type with 415", async () => {
    const before = await written();
    const answer = await call(route.action(), post('{"token": "x"}', { "content-type": route.wrongType }));
    expect(answer.status).toBe(415);
    expect(answer.body.error).toMatch(new RegExp(`^Content-Type must be .+, not ${route.wrongType}$`));
    expect(await written()).toEqual(before);
  });

  it("refuses a body declared larger than the limit with 413, before reading it", async () => {
    const before = await written();
    const request = post("x", { "content-type": route.contentType, "content-length": String(route.maxBytes + 1) });
    expect(await call(route.action(), request)).toEqual({ status: 413, body: { error: `Request body is larger than ${limitText}` } });
    expect(request.bodyUsed).toBe(false);
    expect(await written()).toEqual(before);
  });

  it("refuses an empty body with 400", async () => {
    const before = await written();
    expect(await call(route.action(), post("", { "content-type": route.contentType }))).toEqual({
      status: 400,
      body: { error: "Request body is empty" },
    });
    expect(await written()).toEqual(before);
  });
});

describe("a body that does not say its length", () => {
  it("is cut off once it passes the limit", async () => {
    const before = await written();
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 4096;
        controller.enqueue(new TextEncoder().encode(`{"filler":"${"a".repeat(4080)}",`));
        if (sent > 1024 * 1024) controller.close();
      },
    });
    const request = new Request(proxyUrl("/loyalty"), {
      method: "POST",
      body: stream,
      headers: { "content-type": "application/json" },
      duplex: "half",
    } as RequestInit);
    expect(await call(routes.loyalty, request)).toEqual({ status: 413, body: { error: "Request body is larger than 16 KB" } });
    expect(sent).toBeLessThan(64 * 1024);
    expect(await written()).toEqual(before);
  });
});

describe("POST /webhooks", () => {
  function webhook(
    body: string,
    { topic = "orders/paid", contentType = "application/json", secret = SECRET, headers = {} as Record<string, string> } = {},
  ) {
    return new Request("http://localhost:3000/webhooks", {
      method: "POST",
      body,
      headers: {
        "content-type": contentType,
        "x-shopify-topic": topic,
        "x-shopify-hmac-sha256": signWebhook(body, secret),
        "x-shopify-shop-domain": SHOP,
        "x-shopify-webhook-id": randomUUID(),
        "x-shopify-event-id": randomUUID(),
        "x-shopify-triggered-at": new Date().toISOString(),
        "x-shopify-api-version": "2026-10",
        ...headers,
      },
    });
  }
  const refused = async (request: Request, status: number, error: string) => {
    const before = await written();
    expect(await call(routes.webhooks, request)).toEqual({ status, body: { error } });
    expect(await written()).toEqual(before);
  };

  it("accepts a genuine delivery (the cases below differ from it in one way each)", async () => {
    // A privacy duty: carried out for a shop without an installation, as this one is.
    // Recorded as its webhook.accept job and answered at once; the job judges it later.
    const request = webhook(JSON.stringify({ shop_id: 1, shop_domain: SHOP }), { topic: "shop/redact" });
    const webhookId = request.headers.get("x-shopify-webhook-id")!;
    const answer = await call(routes.webhooks, request);
    expect(answer).toEqual({ status: 200, body: { status: "received" } });
    expect(await db.job.findMany({ where: { shop: SHOP } })).toMatchObject([{ type: "webhook.accept", dedupeKey: `webhook:${webhookId}` }]);
  });

  it("answers a bad, missing or foreign signature with 401", async () => {
    await refused(webhook('{"id": 1}', { secret: "not-the-secret" }), 401, "Webhook signature (X-Shopify-Hmac-Sha256) is not valid");
    const unsigned = webhook('{"id": 1}');
    unsigned.headers.delete("x-shopify-hmac-sha256");
    await refused(unsigned, 401, "Webhook is not signed (X-Shopify-Hmac-Sha256 is missing)");
    // Signed correctly, then the body changed.
    const original = webhook('{"id": 1}');
    await refused(
      new Request(original.url, { method: "POST", headers: original.headers, body: '{"id": 2}' }),
      401,
      "Webhook signature (X-Shopify-Hmac-Sha256) is not valid",
    );
    // A malformed body with a bad signature is a forgery first.
    await refused(webhook("{not json", { secret: "guess" }), 401, "Webhook signature (X-Shopify-Hmac-Sha256) is not valid");
  });

  it("refuses a signed delivery missing Shopify's headers with 400", async () => {
    for (const header of ["x-shopify-webhook-id", "x-shopify-event-id", "x-shopify-triggered-at"]) {
      await refused(
        webhook('{"id": 1}', { headers: { [header]: "" } }),
        400,
        expect.stringMatching(/^Webhook is missing Shopify's headers/) as unknown as string,
      );
    }
  });

  it("refuses a signed body that is malformed, empty, mistyped or not an object", async () => {
    await refused(webhook("{not json"), 400, "Request body is not valid JSON");
    await refused(webhook(""), 400, "Request body is empty");
    await refused(webhook('{"id": 1}', { contentType: "text/plain" }), 415, "Content-Type must be application/json, not text/plain");
    await refused(webhook("[1, 2]"), 400, "Webhook payload must be a JSON object");
  });

  // A signed JSON object that does not fit its topic is answered 200 and recorded as refused, so
  // Shopify does not retry it: tests/integration/webhook-acceptance.test.ts.

  it("refuses an oversized body with 413 before checking anything else", async () => {
    const request = webhook("{}", { headers: { "content-length": String(5 * 1024 * 1024 + 1) } });
    await refused(request, 413, "Request body is larger than 5 MB");
    expect(request.bodyUsed).toBe(false);
  });

  it("answers anything but POST with 405", async () => {
    await refused(new Request("http://localhost:3000/webhooks", { method: "GET" }), 405, "Webhooks must be sent with POST");
  });
});

afterAll(async () => {
  // Nothing above may have left a row behind, except the one genuine delivery's webhook.accept job.
  expect(await db.job.count({ where: { type: "webhook.accept" } })).toBe(1);
  expect(await db.webhookDelivery.count()).toBe(0);
});
