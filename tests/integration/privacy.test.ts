// Shopify's privacy webhooks end to end: the simulator signs and delivers them to the app's
// webhook route, the worker runs the jobs they become, and the merchant downloads the result
// from the admin (the demo admin, which opens without OAuth for the demo shop on loopback).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import type { Customer } from "../../scripts/simulator/state";
import { startSimulatedShop, type SimulatedShop } from "../support/simulated-shop";
import { columnsMentioning, rowsPerModel, seedCustomerData, seedShopData, type Person } from "../../app/privacy/test-fixtures";
import type { CustomerDataDocument } from "../../app/privacy/data-request.server";

const SHOP = DEMO_SHOP_DOMAIN;
process.env.DEMO_SHOP = SHOP; // read once, when the app's configuration first loads
let shop: SimulatedShop;
let download: typeof import("../../app/routes/app.privacy.$id").loader;

beforeAll(async () => {
  shop = await startSimulatedShop({ storefrontUrl: "https://privacy-demo.example" });
  download = (await import("../../app/routes/app.privacy.$id")).loader;
});

afterAll(() => shop?.close());

const customer = (index: number): Customer => shop.shopState().customers[index]!;
const asPerson = (who: Customer): Person => ({
  customerNumber: Number(who.id.split("/").pop()),
  email: who.email,
  firstName: who.firstName,
  lastName: who.lastName,
});
const variantId = (n: number) => shop.shopState().products[n]!.variants[0]!.id;
const runJobs = () => shop.runJobsAt(new Date());
const downloadAs = async (id: string) =>
  (await download({ request: new Request(`http://localhost:3000/app/privacy/${id}`), params: { id }, context: {} })) as Response;

describe("privacy webhooks", () => {
  it("answers customers/data_request with a document only the shop can download", async () => {
    const maria = customer(1);
    const { order } = await shop.simulator.actions.placeOrder({ customerId: maria.id, lines: [{ variantId: variantId(0), quantity: 1 }] });
    await runJobs();
    await seedCustomerData(shop.db, SHOP, asPerson(maria));

    const { webhook } = await shop.simulator.actions.requestCustomerData({ customerId: maria.id });
    expect(webhook.status).toBe(200);
    // The delivery's webhook.accept job records the request; the job that prepares it has not run.
    await shop.runJobPass(new Date());
    const request = await shop.db.dataRequest.findFirstOrThrow({ where: { shop: SHOP, customerId: maria.id } });
    expect(request.status).toBe("pending");
    // The Privacy page lists it at once.
    const page = await import("../../app/routes/app.privacy");
    const listed = await page.loader({ request: new Request("http://localhost:3000/app/privacy"), params: {}, context: {} });
    expect(listed.requests).toEqual([expect.objectContaining({ id: request.id, customer: maria.email, status: "pending" })]);
    expect((await downloadAs(request.id)).status).toBe(409); // still being prepared

    await runJobs();
    const response = await downloadAs(request.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="customer-\d+-data-\d{4}-\d{2}-\d{2}\.json"$/);
    const document = (await response.json()) as CustomerDataDocument;
    expect(document.customer).toEqual({ id: maria.id, email: maria.email });
    // The order Shopify delivered by webhook and everything seeded beside it.
    expect(document.orders.map((row) => row.id)).toContain(order.id);
    expect(document.orders.find((row) => row.id === order.id)).toMatchObject({ email: maria.email, first_name: maria.firstName });
    expect(document.reviews).toHaveLength(1);
    expect(document.loyalty?.ledger).toHaveLength(2);
    expect(document.emails.length).toBeGreaterThanOrEqual(3);
    expect(document.survey_answers).toHaveLength(1);
    expect(document.email_suppressions).toHaveLength(1);
    expect(JSON.stringify(document)).not.toContain(customer(2).email);

    // Another shop's request is not this shop's to download.
    const foreign = await shop.db.dataRequest.create({
      data: { shop: "another-shop.myshopify.com", customerId: maria.id, status: "ready", document: "{}" },
    });
    expect((await downloadAs(foreign.id)).status).toBe(404);
  });

  it("leaves nothing personal of a customer anywhere after customers/redact", async () => {
    const maria = customer(1);
    expect(await columnsMentioning(shop.db, maria.email)).not.toEqual([]);
    const { webhook } = await shop.simulator.actions.redactCustomer({ customerId: maria.id });
    expect(webhook.status).toBe(200);
    await runJobs();

    expect(await columnsMentioning(shop.db, maria.email)).toEqual([]);
    expect(await columnsMentioning(shop.db, maria.firstName)).toEqual([]);
    expect(await columnsMentioning(shop.db, maria.lastName)).toEqual([]);
    expect(await shop.db.dataRequest.count({ where: { shop: SHOP, customerId: maria.id } })).toBe(0);
    // Only what was hers: another customer's order is still there, with its email.
    const nikos = customer(2);
    await shop.simulator.actions.placeOrder({ customerId: nikos.id, lines: [{ variantId: variantId(1), quantity: 1 }] });
    await runJobs();
    expect(await columnsMentioning(shop.db, nikos.email)).toContain("Order.email");
  });

  it("cancels the shop's work and forgets its sessions on app/uninstalled, keeping privacy duties", async () => {
    await shop.simulator.actions.placeOrder({ customerId: customer(3).id, lines: [{ variantId: variantId(0), quantity: 1 }] });
    await runJobs();
    // The order's later work (its thank-you's send) waits in the queue.
    expect(await shop.db.job.count({ where: { shop: SHOP, status: "queued", type: { not: { startsWith: "privacy." } } } })).toBeGreaterThan(
      0,
    );

    // A data request, then the uninstall, judged in that order in one pass: the request's job is
    // queued (not run) when the uninstall cancels the shop's work.
    await shop.simulator.actions.requestCustomerData({ customerId: customer(3).id });
    const { webhook } = await shop.simulator.actions.uninstallApp({});
    expect(webhook.status).toBe(200);
    await shop.runJobPass(new Date());
    expect(await shop.db.job.count({ where: { shop: SHOP, status: "queued", type: { not: { startsWith: "privacy." } } } })).toBe(0);
    expect(await shop.db.job.count({ where: { shop: SHOP, status: "queued", type: "privacy.customer_data_request" } })).toBe(1);
    expect(await shop.db.session.count({ where: { shop: SHOP } })).toBe(0);
    expect((await shop.db.shop.findUniqueOrThrow({ where: { domain: SHOP } })).uninstalledAt).not.toBeNull();
  });

  it("leaves zero rows for the shop in every table after shop/redact", async () => {
    await seedShopData(shop.db, SHOP);
    await seedCustomerData(shop.db, SHOP, asPerson(customer(4)));
    const before = await rowsPerModel(shop.db, SHOP);
    expect(Object.entries(before).filter(([, count]) => count === 0)).toEqual([]);

    const { webhook } = await shop.simulator.actions.redactShop({});
    expect(webhook.status).toBe(200);
    await runJobs();
    expect(Object.entries(await rowsPerModel(shop.db, SHOP)).filter(([, count]) => count > 0)).toEqual([]);
  });
});
