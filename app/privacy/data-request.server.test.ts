import { describe, expect, it } from "vitest";
import db from "../db.server";
import {
  completeDataRequest,
  dataRequestDownload,
  DATA_REQUEST_JOB,
  listDataRequests,
  recordDataRequest,
  type CustomerDataDocument,
} from "./data-request.server";
import { customerGid, newShop, seedCustomerData, type Person } from "./test-fixtures";

const now = new Date("2030-03-01T12:00:00Z");
const dimitra: Person = { customerNumber: 8_101, email: "dimitra@privacy.example", firstName: "Dimitra", lastName: "Kosta" };
const payload = (who: Person, orders: number[] = []) => ({
  customer: { id: who.customerNumber, email: who.email },
  orders_requested: orders,
  data_request: { id: 55 },
});

describe("customers/data_request", () => {
  it("records the request with its job, then assembles everything held about the customer", async () => {
    const shop = newShop();
    const ids = await seedCustomerData(db, shop, dimitra);
    await seedCustomerData(db, shop, {
      customerNumber: 8_102,
      email: "someone.else@privacy.example",
      firstName: "Stavros",
      lastName: "Other",
    });

    const id = await db.$transaction((tx) => recordDataRequest(tx, shop, payload(dimitra, [ids.orderNumber])));
    expect(await listDataRequests(db, shop)).toEqual([
      expect.objectContaining({ id, customerId: customerGid(dimitra), email: dimitra.email, status: "pending" }),
    ]);
    expect(await db.job.findFirstOrThrow({ where: { shop, type: DATA_REQUEST_JOB } })).toMatchObject({ payload: { dataRequestId: id } });
    expect(await dataRequestDownload(db, shop, id)).toEqual({ status: "pending" });

    await completeDataRequest(db, shop, id, now);
    const download = await dataRequestDownload(db, shop, id);
    expect(download).toMatchObject({ status: "ready", filename: `customer-8101-data-${new Date().toISOString().slice(0, 10)}.json` });
    const document = JSON.parse(download.status === "ready" ? download.document : "{}") as CustomerDataDocument;

    expect(document).toMatchObject({ shop, customer: { id: customerGid(dimitra), email: dimitra.email }, generated_at: now.toISOString() });
    expect(document.orders).toEqual([
      expect.objectContaining({
        id: ids.orderId,
        email: dimitra.email,
        first_name: "Dimitra",
        total_price: "42.00",
        refunds: [expect.objectContaining({ amount: "20.00" })],
      }),
    ]);
    expect(document.reviews).toEqual([
      expect.objectContaining({
        author_name: "Dimitra Kosta",
        rating: 2,
        photos: [expect.objectContaining({ url: expect.stringMatching(/^https:\/\/cdn\.example\//) })],
      }),
    ]);
    expect(document.helpful_votes).toEqual([{ review_id: document.reviews[0]!.id, created_at: expect.any(String) }]);
    expect(document.loyalty).toMatchObject({
      member: { points_balance: 150, birthday: "04-17" },
      ledger: [expect.objectContaining({ kind: "earn", points: 250 }), expect.objectContaining({ kind: "redeem", points: -100 })],
      redemptions: [expect.objectContaining({ points: 100, status: "issued" })],
    });
    expect(document.emails.map((email) => email.flow).sort()).toEqual(["points_expiry", "review_request", "thank_you"]);
    expect(document.survey_answers).toEqual([expect.objectContaining({ score: 1, comment: "Signed, Dimitra Kosta" })]);
    expect(document.email_suppressions).toEqual([expect.objectContaining({ email: dimitra.email, reason: "unsubscribed" })]);
    // Only this customer, and none of the app's internals.
    const text = JSON.stringify(document);
    expect(text).not.toContain("someone.else@privacy.example");
    expect(text).not.toMatch(/ipHash|ip-hash|contentHash|idempotency/i);
  });

  it("answers another shop's id as not found", async () => {
    const [shop, other] = [newShop(), newShop()];
    const id = await db.$transaction((tx) => recordDataRequest(tx, shop, payload(dimitra)));
    await completeDataRequest(db, shop, id, now);
    expect(await dataRequestDownload(db, other, id)).toEqual({ status: "not_found" });
    // Nor can another shop's job complete it.
    const pending = await db.$transaction((tx) => recordDataRequest(tx, shop, payload(dimitra)));
    await completeDataRequest(db, other, pending, now);
    expect(await dataRequestDownload(db, shop, pending)).toEqual({ status: "pending" });
  });

  it("exports an empty document for a customer the app knows nothing about", async () => {
    const shop = newShop();
    const id = await db.$transaction((tx) => recordDataRequest(tx, shop, payload({ ...dimitra, customerNumber: 1 })));
    await db.dataRequest.update({ where: { id }, data: { email: null } });
    await completeDataRequest(db, shop, id, now);
    const download = await dataRequestDownload(db, shop, id);
    const document = JSON.parse(download.status === "ready" ? download.document : "{}") as CustomerDataDocument;
    expect(document).toMatchObject({ orders: [], reviews: [], loyalty: null, emails: [], survey_answers: [], email_suppressions: [] });
  });
});
