// The admin's forms as their actions answer them (Conform's reply): what only the server can
// know — another tier at the same threshold, a balance that would go below zero, Liquid that
// does not parse, an item that is gone — comes back on the field it is about, or for the form.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_SHOP as SHOP, startAdminApp, type AdminApp } from "../support/admin-app";

let app: AdminApp;
let db: AdminApp["db"];

beforeAll(async () => {
  app = await startAdminApp();
  db = app.db;
});

afterAll(() => app.close());

const post: AdminApp["post"] = (route, form, params) => app.post(route, form, params);

describe("admin form replies", () => {
  it("a tier at another tier's threshold or with its name", async () => {
    expect(await post("app.loyalty.tiers", { intent: "create", name: "Silver", threshold: "500", multiplierPercent: "125" })).toMatchObject(
      {
        status: 200,
        body: { status: "success", message: "Silver added." },
      },
    );
    expect(await post("app.loyalty.tiers", { intent: "create", name: "silver", threshold: "500", multiplierPercent: "150" })).toMatchObject(
      {
        status: 400,
        body: {
          status: "error",
          error: {
            threshold: ["Silver already starts at 500. Each tier needs its own threshold."],
            name: ["There is already a tier called Silver."],
          },
        },
      },
    );
  });

  it("a reward or a tier that is gone, for the form, without naming it back", async () => {
    const reward = await post("app.loyalty.rewards", {
      intent: "update",
      id: "gone",
      name: "Ten off",
      kind: "amount_off",
      value: "10",
      pointsCost: "100",
      minimumOrder: "",
      enabled: "on",
    });
    expect(reward).toMatchObject({ status: 404, body: { status: "error", error: { "": ["This reward no longer exists."] } } });
    expect(JSON.stringify(reward.body)).not.toContain("gone");
    const tier = await post("app.loyalty.tiers", {
      intent: "update",
      id: "gone",
      name: "Gold",
      threshold: "900",
      multiplierPercent: "150",
    });
    expect(tier).toMatchObject({ status: 404, body: { error: { "": ["This tier no longer exists."] } } });
  });

  it("a deduction below zero, on the points", async () => {
    const member = await db.loyaltyMember.create({
      data: { shop: SHOP, customerId: "gid://shopify/Customer/77", email: "bo@example.com", referralCode: "REF-BO" },
    });
    expect(await post("app.loyalty.members.$id", { points: "-5", reason: "Correction" }, { id: member.id })).toMatchObject({
      status: 400,
      body: { status: "error", error: { points: [expect.stringContaining("This would take the balance below zero")] } },
    });
    expect(await post("app.loyalty.members.$id", { points: "abc", reason: "" }, { id: member.id })).toMatchObject({
      status: 400,
      body: {
        error: { points: [expect.stringContaining("Enter a whole number of points")], reason: [expect.stringContaining("Give a reason")] },
      },
    });
  });

  it("a template whose Liquid does not parse, on its field; a test to a bad address, on the address", async () => {
    const params = { kind: "thank_you_first", locale: "en" };
    expect(
      await post(
        "app.emails.templates.$kind.$locale",
        { intent: "save", subject: "Hi {{ customer.first_name", body: "<p>{{ nope }}</p>" },
        params,
      ),
    ).toMatchObject({
      status: 400,
      body: { status: "error", error: { subject: [expect.any(String)], body: [expect.any(String)] } },
    });
    expect(
      await post("app.emails.templates.$kind.$locale", { intent: "test", subject: "Hi", body: "<p>Hi</p>", to: "nobody" }, params),
    ).toMatchObject({
      status: 400,
      body: { error: { to: ["Enter a valid email address."] } },
    });
    expect(await post("app.emails.templates.$kind.$locale", { intent: "preview", subject: "", body: "<p>Hi</p>" }, params)).toEqual({
      status: 200,
      body: { intent: "preview", ok: false, problems: [{ field: "subject", message: "The subject can't be empty." }] },
    });
  });
});
