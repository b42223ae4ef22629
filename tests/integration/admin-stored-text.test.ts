// What merchants type in the admin, through the routes: a U+0000 in any stored text (PostgreSQL
// refuses it with 22021, which was a 500) is stored without it and answered 2xx, and a name that
// shows nothing (only zero-width characters) is refused with the same message as an empty one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_SHOP as SHOP, startAdminApp, type AdminApp } from "../support/admin-app";
import { adminRequest, routeResponse } from "../support/shopify-requests";

const INVISIBLE = "\u200B\u200C\u2060";
let app: AdminApp;
let db: AdminApp["db"];

beforeAll(async () => {
  app = await startAdminApp();
  db = app.db;
});

afterAll(() => app.close());

const post: AdminApp["post"] = (route, form, params) => app.post(route, form, params);

describe("admin text with U+0000 in it is stored without it", () => {
  it("a public reply to a review; a reply that shows nothing removes it", async () => {
    const review = await db.review.create({
      data: {
        shop: SHOP,
        productId: "gid://shopify/Product/1",
        rating: 5,
        body: "Lovely soap.",
        authorName: "Eleni",
        source: "storefront",
        contentHash: "h",
        status: "pending",
      },
    });
    expect(await post("app.reviews._index", { intent: "reply", id: review.id, reply: "Thank\u0000 you, Eleni!" })).toEqual({
      status: 200,
      body: { message: "Reply published" },
    });
    expect((await db.review.findUniqueOrThrow({ where: { id: review.id } })).reply).toBe("Thank you, Eleni!");
    expect(await post("app.reviews._index", { intent: "reply", id: review.id, reply: INVISIBLE })).toEqual({
      status: 200,
      body: { message: "Reply removed" },
    });
    expect((await db.review.findUniqueOrThrow({ where: { id: review.id } })).reply).toBeNull();
  });

  it("an email template's subject and body", async () => {
    const saved = await post(
      "app.emails.templates.$kind.$locale",
      { intent: "save", subject: "Thank\u0000 you!", body: "<p>Hello\u0000 there</p>" },
      { kind: "thank_you_first", locale: "en" },
    );
    expect(saved).toMatchObject({ status: 200, body: { status: "success" } });
    expect(
      await db.emailTemplate.findUniqueOrThrow({ where: { shop_kind_locale: { shop: SHOP, kind: "thank_you_first", locale: "en" } } }),
    ).toMatchObject({
      subject: "Thank you!",
      body: "<p>Hello there</p>",
    });
  });

  it("a reward's and a tier's name", async () => {
    const reward = await post("app.loyalty.rewards", {
      intent: "create",
      name: "Ten\u0000 off",
      kind: "amount_off",
      value: "10",
      pointsCost: "100",
      minimumOrder: "",
      enabled: "true",
    });
    expect(reward).toMatchObject({ status: 200, body: { status: "success", message: "Ten off added" } });
    expect(await db.loyaltyReward.count({ where: { shop: SHOP, name: "Ten off" } })).toBe(1);
    const tier = await post("app.loyalty.tiers", { intent: "create", name: "Gold\u0000", threshold: "500", multiplierPercent: "150" });
    expect(tier.status).toBe(200);
    expect(await db.loyaltyTier.count({ where: { shop: SHOP, name: "Gold" } })).toBe(1);
  });

  it("the reason of a points adjustment", async () => {
    const member = await db.loyaltyMember.create({
      data: { shop: SHOP, customerId: "gid://shopify/Customer/5", email: "ann@example.com", referralCode: "REF-ANN" },
    });
    const adjusted = await post("app.loyalty.members.$id", { points: "25", reason: "Goodwill\u0000 gesture" }, { id: member.id });
    expect(adjusted).toMatchObject({ status: 200, body: { status: "success", message: "Added 25 points. Balance: 25" } });
    expect(await db.loyaltyEntry.findFirstOrThrow({ where: { shop: SHOP, memberId: member.id } })).toMatchObject({
      points: 25,
      note: "Goodwill gesture",
    });
  });

  it("a free-shipping zone's name and the bar's messages", async () => {
    const zone = await post("app.free-shipping", {
      intent: "createZone",
      name: "Europe\u0000",
      countries: "GR",
      currency: "EUR",
      amount: "60",
      rateToShop: "1.1",
    });
    expect(zone).toMatchObject({ status: 200, body: { status: "success", message: "Europe added" } });
    const { DEFAULT_MESSAGES, LOCALES, MESSAGE_KINDS } = await import("../../app/shipping/messages");
    const messages = Object.fromEntries(
      LOCALES.flatMap((locale) => MESSAGE_KINDS.map((kind) => [`message_${locale}_${kind}`, DEFAULT_MESSAGES[locale][kind]])),
    );
    const settings = await post("app.free-shipping", {
      intent: "settings",
      enabled: "on",
      baseAmount: "50",
      excludedCountries: "",
      ...messages,
      message_en_reached: "Free\u0000 shipping!",
    });
    expect(settings).toMatchObject({ status: 200, body: { status: "success" } });
    const stored = await db.freeShippingSettings.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(stored.messages).toMatchObject({ en: { reached: "Free shipping!" } });
  });
});

describe("admin names that show nothing are refused as empty ones are", () => {
  it.each([
    [
      "app.loyalty.rewards",
      { intent: "create", kind: "amount_off", value: "10", pointsCost: "100", minimumOrder: "", enabled: "true" },
      "Give the reward a name.",
    ],
    ["app.loyalty.tiers", { intent: "create", threshold: "900", multiplierPercent: "150" }, "Give the tier a name."],
    [
      "app.free-shipping",
      { intent: "createZone", countries: "GR", currency: "EUR", amount: "60", rateToShop: "1.1" },
      "Give the zone a name.",
    ],
  ])("%s", async (route, form, message) => {
    const empty = await post(route, { ...form, name: "" });
    expect(empty.status).toBe(400);
    expect(empty.body.error).toMatchObject({ name: [message] });
    const invisible = await post(route, { ...form, name: INVISIBLE });
    expect(invisible.status).toBe(400);
    expect(invisible.body.error).toEqual(empty.body.error);
  });
});

describe("admin searches with U+0000 in them", () => {
  it.each(["app.reviews._index", "app.emails._index", "app.loyalty.members._index"])(
    "%s answers 200, searching without it",
    async (route) => {
      const module = (await import(`../../app/routes/${route}.tsx`)) as { loader: (args: never) => Promise<unknown> };
      const request = await adminRequest(SHOP, `/app?search=${encodeURIComponent("Ele\u0000ni")}`);
      const response = await routeResponse(() => module.loader({ request, params: {}, context: {} } as never));
      expect(response.status).toBe(200);
    },
  );
});
