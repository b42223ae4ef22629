// Cross-shop isolation: two shops hold data in every capability, and shop A, correctly
// authenticated, asks for or acts on shop B's ids through every admin route, every app-proxy
// route and webhooks. A sees nothing of B, each attempt is refused (or changes nothing), and
// B's rows are byte-for-byte the same afterwards. A new route gets a row in one of the tables.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeOfflineSession } from "../../scripts/simulator/install";
import { startSimulator, type Simulator } from "../../scripts/simulator/server";
import { adminRequest, appProxyRequest, routeResponse, webhookRequest, type FormFields } from "../support/shopify-requests";
import { documentedSample, type JsonObject } from "../fixtures/shopify-webhooks/samples";

type Db = typeof import("../../app/db.server").default;
type RouteModule = {
  loader?: (args: never) => Promise<unknown>;
  action?: (args: never) => Promise<unknown>;
};

const SHOP_A = "isolation-alpha.myshopify.com";
const SHOP_B = "isolation-bravo.myshopify.com";
// Every text of B's contains this, so a response that leaks any of B's rows shows it.
const B_MARKER = "bravo-only-7f3e";

// Shopify ids are global: B's order, customer and product are B's alone.
const B_IDS = { order: "910001", customer: "920001", product: "930001" };
const A_IDS = { order: "810001", customer: "820001", product: "830001" };
const gid = (type: string, id: string) => `gid://shopify/${type}/${id}`;

let db: Db;
let simulator: Simulator;
let runDueJobs: typeof import("../../app/jobs/worker.server").runDueJobs;
let handlers: typeof import("../../app/jobs/handlers.server").handlers;

interface ShopFixture {
  reviewId: string;
  pendingReviewId: string;
  taskId: string;
  suppressionId: string;
  memberId: string;
  rewardId: string;
  tierId: string;
  zoneId: string;
  deadJobId: string;
  dataRequestId: string;
  reviewToken: string;
}
let a: ShopFixture;
let b: ShopFixture;

/** Data in every capability, the way the app leaves it; `marker` goes into every text. */
async function seedShop(shop: string, ids: typeof B_IDS, marker: string): Promise<ShopFixture> {
  const { createReviewToken } = await import("../../app/reviews/review-links");
  const now = new Date();
  const email = `${marker}@example.com`;
  await db.shop.create({
    data: { domain: shop, name: `Shop ${marker}`, email, currencyCode: "EUR", ianaTimezone: "Europe/Athens", primaryLocale: "en" },
  });
  const line = {
    lineItemId: gid("LineItem", `${ids.order}1`),
    productId: gid("Product", ids.product),
    variantId: null,
    title: `Soap ${marker}`,
    quantity: 1,
    price: "25.00",
  };
  await db.order.create({
    data: {
      id: gid("Order", ids.order),
      shop,
      name: `#${marker}`,
      email,
      customerId: gid("Customer", ids.customer),
      customerFirstName: marker,
      currencyCode: "EUR",
      presentmentCurrencyCode: "EUR",
      totalPrice: "25.00",
      presentmentTotalPrice: "25.00",
      subtotalPrice: "25.00",
      financialStatus: "paid",
      processedAt: now,
      paidAt: now,
      fulfilledAt: now,
      lineItems: [line],
    },
  });
  await db.refund.create({
    data: { id: gid("Refund", `${ids.order}7`), shop, orderId: gid("Order", ids.order), amount: "5.00", lineItems: [], createdAt: now },
  });

  const reviewData = {
    shop,
    productId: gid("Product", ids.product),
    customerId: gid("Customer", ids.customer),
    authorEmail: email,
    source: "storefront" as const,
    verified: true,
  };
  const review = await db.review.create({
    data: {
      ...reviewData,
      orderId: gid("Order", ids.order),
      rating: 2,
      title: `Title ${marker}`,
      body: `Body ${marker}`,
      authorName: `Author ${marker}`,
      status: "published",
      publishedAt: now,
      contentHash: `${marker}-1`,
      reply: `Reply ${marker}`,
    },
  });
  await db.reviewPhoto.create({
    data: {
      reviewId: review.id,
      fileId: gid("MediaImage", `${ids.product}5`),
      url: `https://cdn.example.com/${marker}.png`,
      altText: marker,
      position: 0,
    },
  });
  const pending = await db.review.create({
    data: {
      ...reviewData,
      rating: 5,
      title: `Pending ${marker}`,
      body: `Pending body ${marker}`,
      authorName: `Author ${marker}`,
      status: "pending",
      contentHash: `${marker}-2`,
    },
  });
  const task = await db.merchantTask.create({
    data: { shop, kind: "low_rating", subjectId: review.id, summary: `2-star review from ${marker}` },
  });
  await db.reviewSettings.create({ data: { shop } });
  await db.reviewImport.create({
    data: {
      shop,
      format: "judgeme",
      status: "done",
      totalRows: 2,
      processed: 2,
      imported: 1,
      errors: [{ row: 2, message: `Bad row ${marker}` }],
    },
  });

  await db.emailSettings.create({ data: { shop } });
  await db.emailTemplate.create({
    data: { shop, kind: "thank_you_first", locale: "en", subject: `Subject ${marker}`, body: `<p>${marker}</p>` },
  });
  await db.emailMessage.create({
    data: {
      shop,
      orderId: gid("Order", ids.order),
      orderName: `#${marker}`,
      flow: "thank_you",
      idempotencyKey: `${ids.order}:thank_you:0`,
      template: "thank_you_first",
      recipient: email,
      locale: "en",
      status: "sent",
      scheduledFor: now,
      subject: `Subject ${marker}`,
      sentAt: now,
    },
  });
  const suppression = await db.emailSuppression.create({
    data: { shop, email: `suppressed-${marker}@example.com`, reason: "manual", detail: marker },
  });
  await db.surveyAnswer.create({
    data: { shop, orderId: gid("Order", ids.order), messageId: `${marker}-message`, score: 2, comment: `Comment ${marker}` },
  });

  await db.loyaltySettings.create({ data: { shop, enabled: true, pointsPerUnit: 1 } });
  const tier = await db.loyaltyTier.create({ data: { shop, name: `Gold ${marker}`.slice(0, 40), threshold: 500, multiplierPercent: 150 } });
  const reward = await db.loyaltyReward.create({
    data: { shop, name: `Reward ${marker}`, kind: "amount_off", value: "5.00", pointsCost: 100 },
  });
  const member = await db.loyaltyMember.create({
    data: {
      shop,
      customerId: gid("Customer", ids.customer),
      email,
      firstName: marker,
      balance: 400,
      lifetimeEarned: 400,
      tierId: tier.id,
      referralCode: `REF-${marker}`,
    },
  });
  await db.loyaltyEntry.create({
    data: {
      shop,
      memberId: member.id,
      kind: "earn",
      bucket: "balance",
      points: 500,
      idempotencyKey: `order:${ids.order}:earn`,
      orderId: gid("Order", ids.order),
      note: marker,
    },
  });
  await db.loyaltyEntry.create({
    data: { shop, memberId: member.id, kind: "redeem", bucket: "balance", points: -100, idempotencyKey: `redeem:${marker}`, note: marker },
  });
  await db.loyaltyRedemption.create({
    data: { shop, memberId: member.id, rewardId: reward.id, points: 100, code: `CODE-${marker}`, status: "issued" },
  });

  await db.freeShippingSettings.create({ data: { shop, enabled: true, baseAmount: "50.00" } });
  const zone = await db.freeShippingZone.create({
    data: { shop, name: `Zone ${marker}`, countries: ["GR"], currency: "EUR", amount: "60.00", rateToShop: "1" },
  });

  const deadJob = await db.job.create({
    data: { shop, type: "shop.sync", payload: {}, status: "dead", attempts: 5, lastError: `failed ${marker}`, finishedAt: now },
  });
  const dataRequest = await db.dataRequest.create({
    data: {
      shop,
      customerId: gid("Customer", ids.customer),
      email,
      orderIds: [gid("Order", ids.order)],
      status: "ready",
      document: JSON.stringify({ customer: { email } }),
      completedAt: now,
    },
  });
  await db.dailyMetric.create({ data: { shop, day: now.toISOString().slice(0, 10), orders: 1, revenueCents: 2500 } });

  const reviewToken = createReviewToken(
    { shop, orderId: gid("Order", ids.order), productIds: [gid("Product", ids.product)], expiresAt: new Date(now.getTime() + 86_400_000) },
    process.env.SHOPIFY_API_SECRET!,
  );
  return {
    reviewId: review.id,
    pendingReviewId: pending.id,
    taskId: task.id,
    suppressionId: suppression.id,
    memberId: member.id,
    rewardId: reward.id,
    tierId: tier.id,
    zoneId: zone.id,
    deadJobId: deadJob.id,
    dataRequestId: dataRequest.id,
    reviewToken,
  };
}

/** Every row the app keeps for `shop`, in a stable order: the before/after comparison. */
async function snapshot(shop: string) {
  const byId = { orderBy: { id: "asc" as const } };
  const where = { where: { shop }, ...byId };
  return {
    shop: await db.shop.findMany({ where: { domain: shop } }),
    sessions: await db.session.findMany(where),
    orders: await db.order.findMany(where),
    refunds: await db.refund.findMany(where),
    reviews: await db.review.findMany({ ...where, include: { photos: { orderBy: { id: "asc" } } } }),
    tasks: await db.merchantTask.findMany(where),
    reviewSettings: await db.reviewSettings.findMany({ where: { shop } }),
    reviewImports: await db.reviewImport.findMany(where),
    emailSettings: await db.emailSettings.findMany({ where: { shop } }),
    emailTemplates: await db.emailTemplate.findMany(where),
    emailMessages: await db.emailMessage.findMany(where),
    suppressions: await db.emailSuppression.findMany(where),
    surveyAnswers: await db.surveyAnswer.findMany(where),
    loyaltySettings: await db.loyaltySettings.findMany({ where: { shop } }),
    tiers: await db.loyaltyTier.findMany(where),
    rewards: await db.loyaltyReward.findMany(where),
    members: await db.loyaltyMember.findMany(where),
    entries: await db.loyaltyEntry.findMany(where),
    redemptions: await db.loyaltyRedemption.findMany(where),
    freeShippingSettings: await db.freeShippingSettings.findMany({ where: { shop } }),
    zones: await db.freeShippingZone.findMany(where),
    jobs: await db.job.findMany(where),
    webhookDeliveries: await db.webhookDelivery.findMany(where),
    dataRequests: await db.dataRequest.findMany(where),
    dailyMetrics: await db.dailyMetric.findMany({ where: { shop }, orderBy: { day: "asc" } }),
  };
}

const noAdmin = async () => {
  throw new Error("no Admin API in the isolation test");
};

/** Runs every job that is due now, with no Admin API (A's jobs that need one fail; that is A's business). */
async function runJobs(): Promise<void> {
  for (let ran = -1; ran !== 0;) ran = await runDueJobs({ db, handlers, adminFor: noAdmin, batchSize: 100 });
}

const route = (name: string) => import(`../../app/routes/${name}.tsx`) as Promise<RouteModule>;

async function callLoader(name: string, request: Request, params: Record<string, string> = {}) {
  const module = await route(name);
  return routeResponse(() => module.loader!({ request, params, context: {} } as never));
}

async function callAction(name: string, request: Request, params: Record<string, string> = {}) {
  const module = await route(name);
  return routeResponse(() => module.action!({ request, params, context: {} } as never));
}

/** What A sees, as text: B's marker or any of B's ids in it is a leak. */
function expectNothingOfB(text: string) {
  expect(text).not.toContain(B_MARKER);
  for (const id of Object.values(b)) if (!id.includes(".")) expect(text).not.toContain(id);
  for (const id of Object.values(B_IDS)) expect(text).not.toContain(id);
}

beforeAll(async () => {
  // Both shops in the simulator, so Admin API calls get Shopify's answer for the shop asked about.
  simulator = await startSimulator({
    appUrl: "http://127.0.0.1:9",
    apiKey: process.env.SHOPIFY_API_KEY!,
    apiSecret: process.env.SHOPIFY_API_SECRET!,
  });
  process.env.SHOPIFY_ADMIN_API_ORIGIN = simulator.url;
  const tokens = Object.fromEntries([SHOP_A, SHOP_B].map((shop) => [shop, simulator.addShop({ domain: shop }).accessToken]));
  const shopify = await import("../../app/shopify.server");
  db = (await import("../../app/db.server")).default;
  ({ runDueJobs } = await import("../../app/jobs/worker.server"));
  ({ handlers } = await import("../../app/jobs/handlers.server"));
  for (const shop of [SHOP_A, SHOP_B]) await storeOfflineSession(shopify.sessionStorage, { shop, accessToken: tokens[shop]! });
  a = await seedShop(SHOP_A, A_IDS, "alpha-own-2c1d");
  b = await seedShop(SHOP_B, B_IDS, B_MARKER);
});

afterAll(async () => {
  await simulator?.close();
  // Nothing of B's changed over the whole file either (each test also checks its own step).
  expect(await db.review.count({ where: { shop: SHOP_B } })).toBe(2);
});

// ------------------------------------------------------------------ admin

interface AdminAttempt {
  name: string;
  route: string;
  path: string;
  params?: Record<string, string>;
  /** Posted as the form, given whose ids to use; none: the loader is called. */
  form?: (ids: ShopFixture) => FormFields;
  /** How the route says no: a status of 400 or more, or (bulk actions) a 200 that changed nothing. */
  refused: (response: Response, body: string) => void;
}

const notFound = (response: Response) => expect(response.status).toBe(404);
const clientError = (response: Response) => {
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
};
const changedNothing = (response: Response, body: string) => {
  expect(response.status).toBe(200);
  expect(body).toMatch(/^\{"message":"0 reviews (published|rejected)"\}$/);
};

const ADJUST = { points: "1000", reason: "isolation attempt" };
const ZONE = { name: "Taken over", countries: "US", currency: "USD", amount: "1.00", rateToShop: "1.1" };
const REWARD = { name: "Taken over", kind: "amount_off", value: "50.00", pointsCost: "1", minimumOrder: "", enabled: "true" };
const TIER = { name: "Taken over", threshold: "1", multiplierPercent: "1000" };

// Every admin route with an id in its URL or its form, given B's id.
const ADMIN_ATTEMPTS: AdminAttempt[] = [
  {
    name: "publish B's pending review",
    route: "app.reviews._index",
    path: "/app/reviews?index",
    form: (ids) => ({ intent: "publish", ids: ids.pendingReviewId }),
    refused: changedNothing,
  },
  {
    name: "reject B's published review",
    route: "app.reviews._index",
    path: "/app/reviews?index",
    form: (ids) => ({ intent: "reject", ids: `${ids.reviewId},${ids.pendingReviewId}` }),
    refused: changedNothing,
  },
  {
    name: "reply to B's review",
    route: "app.reviews._index",
    path: "/app/reviews?index",
    form: (ids) => ({ intent: "reply", id: ids.reviewId, reply: "Not your review" }),
    refused: clientError,
  },
  {
    name: "remove B's reply",
    route: "app.reviews._index",
    path: "/app/reviews?index",
    form: (ids) => ({ intent: "reply", id: ids.reviewId, reply: "" }),
    refused: clientError,
  },
  {
    name: "complete B's task",
    route: "app.reviews.tasks",
    path: "/app/reviews/tasks",
    form: (ids) => ({ intent: "complete", id: ids.taskId }),
    refused: notFound,
  },
  {
    name: "retry B's dead job",
    route: "app.settings",
    path: "/app/settings",
    form: (ids) => ({ intent: "retry", jobId: ids.deadJobId }),
    refused: notFound,
  },
  {
    name: "remove B's suppression",
    route: "app.emails._index",
    path: "/app/emails?index",
    form: (ids) => ({ intent: "remove-suppression", id: ids.suppressionId }),
    refused: notFound,
  },
  {
    name: "update B's free-shipping zone",
    route: "app.free-shipping",
    path: "/app/free-shipping",
    form: (ids) => ({ intent: "updateZone", id: ids.zoneId, ...ZONE }),
    refused: notFound,
  },
  {
    name: "delete B's free-shipping zone",
    route: "app.free-shipping",
    path: "/app/free-shipping",
    form: (ids) => ({ intent: "deleteZone", id: ids.zoneId }),
    refused: notFound,
  },
  {
    name: "update B's reward",
    route: "app.loyalty.rewards",
    path: "/app/loyalty/rewards",
    form: (ids) => ({ intent: "update", id: ids.rewardId, ...REWARD }),
    refused: notFound,
  },
  ...(["enable", "disable", "delete"] as const).map((intent): AdminAttempt => ({
    name: `${intent} B's reward`,
    route: "app.loyalty.rewards",
    path: "/app/loyalty/rewards",
    form: (ids) => ({ intent, id: ids.rewardId }),
    refused: notFound,
  })),
  {
    name: "update B's tier",
    route: "app.loyalty.tiers",
    path: "/app/loyalty/tiers",
    form: (ids) => ({ intent: "update", id: ids.tierId, ...TIER }),
    refused: notFound,
  },
  {
    name: "delete B's tier",
    route: "app.loyalty.tiers",
    path: "/app/loyalty/tiers",
    form: (ids) => ({ intent: "delete", id: ids.tierId }),
    refused: notFound,
  },
  {
    name: "open B's member",
    route: "app.loyalty.members.$id",
    path: "/app/loyalty/members/:id",
    params: { id: "member" },
    refused: notFound,
  },
  {
    name: "adjust B's member's points",
    route: "app.loyalty.members.$id",
    path: "/app/loyalty/members/:id",
    params: { id: "member" },
    form: () => ADJUST,
    refused: notFound,
  },
  {
    name: "download B's data request",
    route: "app.privacy.$id",
    path: "/app/privacy/:id",
    params: { id: "dataRequest" },
    refused: notFound,
  },
];

/** `params` name fixture fields: { id: "member" } is the shop's member id. */
const fixtureParams = (ids: ShopFixture, params: Record<string, string> = {}) =>
  Object.fromEntries(Object.entries(params).map(([key, field]) => [key, ids[`${field}Id` as keyof ShopFixture]]));

/** A's request for the attempt, with B's ids or (the control) A's own. */
async function attemptAsA(attempt: AdminAttempt, ids: ShopFixture): Promise<Response> {
  const params = fixtureParams(ids, attempt.params);
  const path = Object.entries(params).reduce((url, [key, value]) => url.replace(`:${key}`, value), attempt.path);
  const request = await adminRequest(SHOP_A, path, attempt.form?.(ids));
  return attempt.form ? callAction(attempt.route, request, params) : callLoader(attempt.route, request, params);
}

describe("admin routes: shop A with shop B's ids", () => {
  // Pages that list or search: A's answer holds A's rows and none of B's (before the controls below change A's rows).
  const LISTS: { route: string; path: string; params?: Record<string, string>; own?: string }[] = [
    { route: "app.reviews._index", path: "/app/reviews?index&status=published", own: "Title alpha-own" },
    { route: "app.reviews._index", path: "/app/reviews?index&status=pending", own: "Pending alpha-own" },
    { route: "app.reviews._index", path: `/app/reviews?index&status=published&search=${B_MARKER}` },
    { route: "app.reviews.tasks", path: "/app/reviews/tasks", own: "alpha-own" },
    { route: "app.reviews.import", path: "/app/reviews/import", own: "Judge.me" },
    { route: "app.reviews.export", path: "/app/reviews/export", own: "Title alpha-own" },
    { route: "app.reviews.settings", path: "/app/reviews/settings" },
    { route: "app.emails._index", path: "/app/emails?index", own: "suppressed-alpha-own" },
    { route: "app.emails._index", path: `/app/emails?index&search=${B_MARKER}` },
    { route: "app.emails.settings", path: "/app/emails/settings" },
    {
      route: "app.emails.templates.$kind.$locale",
      path: "/app/emails/templates/thank_you_first/en",
      params: { kind: "thank_you_first", locale: "en" },
      own: "Subject alpha-own",
    },
    { route: "app.loyalty._index", path: "/app/loyalty?index" },
    { route: "app.loyalty.members._index", path: "/app/loyalty/members?index", own: "alpha-own" },
    { route: "app.loyalty.members._index", path: `/app/loyalty/members?index&search=${B_MARKER}` },
    { route: "app.loyalty.rewards", path: "/app/loyalty/rewards", own: "Reward alpha-own" },
    { route: "app.loyalty.tiers", path: "/app/loyalty/tiers", own: "Gold alpha-own" },
    { route: "app.loyalty.settings", path: "/app/loyalty/settings" },
    { route: "app.free-shipping", path: "/app/free-shipping", own: "Zone alpha-own" },
    { route: "app.settings", path: "/app/settings", own: "alpha-own" },
    { route: "app.privacy", path: "/app/privacy", own: "alpha-own" },
    { route: "app._index", path: "/app?index" },
  ];
  it.each(LISTS)("$path shows A's rows and none of B's", async ({ route: name, path, params, own }) => {
    const response = await callLoader(name, await adminRequest(SHOP_A, path), params);
    expect(response.status).toBe(200);
    const body = await response.text();
    if (own) expect(body).toContain(own);
    // A search page repeats its query; anything else of B's in it is a leak.
    expectNothingOfB(body.replaceAll(`"search":"${B_MARKER}"`, ""));
  });

  it.each(ADMIN_ATTEMPTS)("$name is refused and B is unchanged", async (attempt) => {
    const before = await snapshot(SHOP_B);
    const response = await attemptAsA(attempt, b);
    const body = await response.text();
    expect(response.status, body).not.toBe(500);
    attempt.refused(response, body);
    expectNothingOfB(body);
    await runJobs();
    expect(await snapshot(SHOP_B)).toEqual(before);

    // The control: the same request with A's own ids succeeds, so the refusal above was about whose ids they were.
    const own = await attemptAsA(attempt, a);
    const ownBody = await own.text();
    expect(own.status, ownBody).toBe(200);
    expect(ownBody).not.toMatch(/"0 reviews/);
    expect(await snapshot(SHOP_B)).toEqual(before);
  });

  it("saving A's template, settings and new rows leaves B's as they were", async () => {
    const before = await snapshot(SHOP_B);
    const templateParams = { kind: "thank_you_first", locale: "en" };
    const saved = await callAction(
      "app.emails.templates.$kind.$locale",
      await adminRequest(SHOP_A, "/", { intent: "save", subject: "A's subject", body: "<p>A</p>" }),
      templateParams,
    );
    expect(saved.status, await saved.clone().text()).toBe(200);
    const reset = await callAction(
      "app.emails.templates.$kind.$locale",
      await adminRequest(SHOP_A, "/", { intent: "reset" }),
      templateParams,
    );
    expect(reset.status).toBe(200);
    expect((await callAction("app.loyalty.rewards", await adminRequest(SHOP_A, "/", { intent: "create", ...REWARD }))).status).toBe(200);
    expect((await callAction("app.free-shipping", await adminRequest(SHOP_A, "/", { intent: "createZone", ...ZONE }))).status).toBe(200);
    await runJobs();
    expect(await snapshot(SHOP_B)).toEqual(before);
  });
});

// ------------------------------------------------------------------ storefront (app proxy)

interface ProxyAttempt {
  name: string;
  route: string;
  request: () => Request;
  /** The status A gets; the body must hold nothing of B's either way. */
  status: number;
  check?: (body: string) => void | Promise<void>;
}

const json = (fields: Record<string, string>) => ({ body: JSON.stringify(fields), headers: { "content-type": "application/json" } });
const form = (fields: Record<string, string>) => {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.set(key, value);
  return body;
};
const reviewFields = {
  product_id: B_IDS.product,
  rating: "1",
  title: "Not theirs",
  body: "Trying to review another shop's product.",
  author_name: "Mallory",
};

const PROXY_ATTEMPTS: ProxyAttempt[] = [
  {
    name: "B's product reviews",
    route: "proxy.reviews",
    request: () => appProxyRequest(SHOP_A, `/reviews?product_id=${B_IDS.product}`),
    status: 200,
    check: (body) => expect(JSON.parse(body)).toMatchObject({ nextCursor: null, reviews: [] }),
  },
  {
    name: "B's customer's points",
    route: "proxy.loyalty",
    request: () => appProxyRequest(SHOP_A, "/loyalty", { customerId: B_IDS.customer }),
    status: 200,
    check: (body) => expect(JSON.parse(body)).toMatchObject({ logged_in: true, member: null }),
  },
  {
    name: "redeeming B's reward as B's customer",
    route: "proxy.loyalty",
    request: () =>
      appProxyRequest(SHOP_A, "/loyalty", {
        customerId: B_IDS.customer,
        method: "POST",
        ...json({ intent: "redeem", rewardId: b.rewardId }),
      }),
    status: 409,
    check: (body) => expect(JSON.parse(body)).toMatchObject({ reason: "not_a_member" }),
  },
  {
    name: "setting B's customer's birthday",
    route: "proxy.loyalty",
    request: () =>
      appProxyRequest(SHOP_A, "/loyalty", {
        customerId: B_IDS.customer,
        method: "POST",
        ...json({ intent: "birthday", birthday: "03-14" }),
      }),
    status: 200,
  },
  {
    // Being B's buyer counts for nothing in A, and A asks Shopify about the product: not A's.
    name: "reviewing B's product as B's verified buyer",
    route: "proxy.reviews",
    request: () => appProxyRequest(SHOP_A, "/reviews", { customerId: B_IDS.customer, method: "POST", body: form(reviewFields) }),
    status: 404,
    check: async (body) => {
      expect(JSON.parse(body)).toEqual({ error: "This product is not in the shop.", field: "product_id" });
      expect(await db.review.count({ where: { shop: SHOP_A, productId: gid("Product", B_IDS.product) } })).toBe(0);
    },
  },
  {
    name: "reviewing with B's review link",
    route: "proxy.reviews",
    request: () => appProxyRequest(SHOP_A, "/reviews", { method: "POST", body: form({ ...reviewFields, token: b.reviewToken }) }),
    status: 403,
  },
  {
    name: "opening B's review link",
    route: "proxy.review",
    request: () => appProxyRequest(SHOP_A, `/review?token=${encodeURIComponent(b.reviewToken)}`),
    status: 403,
  },
  {
    name: "submitting the review page with B's review link",
    route: "proxy.review",
    request: () =>
      appProxyRequest(SHOP_A, "/review", {
        method: "POST",
        body: form({
          token: b.reviewToken,
          "reviews[0].product_id": B_IDS.product,
          "reviews[0].rating": "1",
          "reviews[0].body": reviewFields.body,
          author_name: "Mallory",
        }),
      }),
    status: 403,
  },
  {
    name: "B's customer's session",
    route: "proxy.session",
    request: () => appProxyRequest(SHOP_A, "/session", { customerId: B_IDS.customer }),
    status: 200,
  },
];

describe("app proxy: a request signed for shop A asking for shop B's data", () => {
  it.each(PROXY_ATTEMPTS)("$name: sees nothing of B and changes nothing of B", async (attempt) => {
    const before = await snapshot(SHOP_B);
    const request = attempt.request();
    const module = await route(attempt.route);
    const response = await routeResponse(() =>
      (request.method === "GET" ? module.loader! : module.action!)({ request, params: {}, context: {} } as never),
    );
    const body = await response.text();
    expect(response.status, body).toBe(attempt.status);
    await attempt.check?.(body);
    expectNothingOfB(body.replace(b.reviewToken, ""));
    await runJobs();
    expect(await snapshot(SHOP_B)).toEqual(before);
  });
});

// ------------------------------------------------------------------ webhooks

// Shopify's documented sample of each topic, pointed at B's ids: each passes intake (so the body
// reaches the jobs, or is refused for a reason about shops, never its shape) and leaves B alone.
const withCustomer = (body: JsonObject, customerId: string): JsonObject => ({
  ...body,
  customer: {
    ...(body.customer as JsonObject),
    id: Number(customerId),
    admin_graphql_api_id: gid("Customer", customerId),
    email: `${B_MARKER}@example.com`,
  },
});
const orderBody = (topic: string): JsonObject => {
  const sample = documentedSample(topic);
  return withCustomer(
    {
      ...sample,
      id: Number(B_IDS.order),
      admin_graphql_api_id: gid("Order", B_IDS.order),
      line_items: (sample.line_items as JsonObject[]).map((line) => ({ ...line, product_id: Number(B_IDS.product) })),
    },
    B_IDS.customer,
  );
};

const WEBHOOKS: { topic: string; payload: () => JsonObject }[] = [
  { topic: "orders/paid", payload: () => orderBody("orders/paid") },
  { topic: "orders/fulfilled", payload: () => orderBody("orders/fulfilled") },
  { topic: "orders/cancelled", payload: () => orderBody("orders/cancelled") },
  { topic: "refunds/create", payload: () => ({ ...documentedSample("refunds/create"), order_id: Number(B_IDS.order) }) },
  {
    topic: "fulfillment_events/create",
    payload: () => ({ ...documentedSample("fulfillment_events/create"), order_id: Number(B_IDS.order), status: "delivered" }),
  },
  {
    topic: "customers/create",
    payload: () => ({
      ...documentedSample("customers/create"),
      id: Number(B_IDS.customer),
      admin_graphql_api_id: gid("Customer", B_IDS.customer),
      email: `${B_MARKER}@example.com`,
    }),
  },
  {
    topic: "customers/data_request",
    payload: () => ({
      ...withCustomer(documentedSample("customers/data_request"), B_IDS.customer),
      shop_domain: SHOP_A,
      orders_requested: [Number(B_IDS.order)],
    }),
  },
  {
    topic: "customers/redact",
    payload: () => ({
      ...withCustomer(documentedSample("customers/redact"), B_IDS.customer),
      shop_domain: SHOP_A,
      orders_to_redact: [Number(B_IDS.order)],
    }),
  },
  // Last: it ends A's installation.
  { topic: "app/uninstalled", payload: () => ({ ...documentedSample("app/uninstalled"), domain: SHOP_A, myshopify_domain: SHOP_A }) },
  { topic: "shop/redact", payload: () => ({ ...documentedSample("shop/redact"), shop_domain: SHOP_A }) },
];

describe("webhooks: a delivery signed for shop A that reuses shop B's ids", () => {
  it.each(WEBHOOKS)("$topic leaves B's rows untouched", async ({ topic, payload }) => {
    const before = await snapshot(SHOP_B);
    const webhooks = await import("../../app/routes/webhooks");
    const response = await routeResponse(() =>
      webhooks.action({ request: webhookRequest(SHOP_A, topic, payload()), params: {}, context: {} }),
    );
    expect(response.status).toBe(200);
    // One pass runs the delivery's webhook.accept job (shop/redact's work, in the next, erases the row).
    await runDueJobs({ db, handlers, adminFor: noAdmin, batchSize: 100 });
    const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { shop: SHOP_A, topic }, orderBy: { receivedAt: "desc" } });
    expect(delivery.refusedReason ?? "", "the body fits its topic").not.toMatch(/^Not a valid/);
    await runJobs();
    expect(await snapshot(SHOP_B)).toEqual(before);
  });

  it("a webhook claiming to be for B but signed with another secret is refused", async () => {
    const before = await snapshot(SHOP_B);
    const request = webhookRequest(SHOP_B, "shop/redact", { shop_domain: SHOP_B });
    request.headers.set("X-Shopify-Hmac-Sha256", "bm90LXRoZS1zaWduYXR1cmU=");
    const webhooks = await import("../../app/routes/webhooks");
    const response = await routeResponse(() => webhooks.action({ request, params: {}, context: {} }));
    expect(response.status).toBe(401);
    await runJobs();
    expect(await snapshot(SHOP_B)).toEqual(before);
  });
});
