import { Prisma } from "@prisma/client";
import { describe, expect, it } from "vitest";
import db from "../db.server";
import { customerIdentity } from "./compliance-payloads";
import { REDACTED_JOB_PAYLOAD } from "./compliance-payloads";
import { redactCustomer, redactShop, SHOP_DELETIONS } from "./redact.server";
import { columnsMentioning, customerGid, newShop, rowsPerModel, seedCustomerData, seedShopData, type Person } from "./test-fixtures";
import { jobsMentioning } from "../../tests/support/job-payloads";

const person = (n: number, name: string): Person => ({
  customerNumber: 7_000 + n,
  email: `${name.toLowerCase()}.${n}@privacy.example`,
  firstName: name,
  lastName: "Vlachopoulou",
});
const identity = (who: Person, orderNumbers: number[] = []) => customerIdentity({ id: who.customerNumber, email: who.email }, orderNumbers);

describe("shop/redact", () => {
  it("has a deletion for every model in the schema", () => {
    const models = Prisma.dmmf.datamodel.models.map((model) => model.name).sort();
    expect(Object.keys(SHOP_DELETIONS).sort()).toEqual(models);
    // Every model that stores a shop is among them (the list above would miss nothing new).
    const withShop = Prisma.dmmf.datamodel.models
      .filter((model) => model.fields.some((field) => field.name === "shop"))
      .map((model) => model.name);
    expect(withShop.length).toBeGreaterThan(20);
    for (const model of withShop) expect(SHOP_DELETIONS).toHaveProperty(model);
  });

  it("leaves no row of the shop in any table, and another shop's rows untouched", async () => {
    const [shop, other] = [newShop(), newShop()];
    for (const target of [shop, other]) {
      await seedShopData(db, target);
      await seedCustomerData(db, target, person(1, "Ioanna"));
    }
    const before = await rowsPerModel(db, shop);
    // The fixtures give every model at least one row, so "zero after" means something.
    expect(Object.entries(before).filter(([, count]) => count === 0)).toEqual([]);

    await redactShop(db, shop);
    expect(Object.entries(await rowsPerModel(db, shop)).filter(([, count]) => count > 0)).toEqual([]);
    expect(await rowsPerModel(db, other)).toEqual(before);
  });
});

describe("customers/redact", () => {
  it("leaves the customer's email and name nowhere, and keeps what the shop needs anonymised", async () => {
    const shop = newShop();
    const maria = person(2, "Marigoula");
    const nikos = person(3, "Nikodimos");
    const ids = await seedCustomerData(db, shop, maria);
    await seedCustomerData(db, shop, nikos);
    expect(await columnsMentioning(db, maria.email)).not.toEqual([]);

    await redactCustomer(db, shop, identity(maria, [ids.orderNumber]));

    expect(await columnsMentioning(db, maria.email)).toEqual([]);
    expect(await columnsMentioning(db, maria.firstName)).toEqual([]);
    // The other customer is untouched: the search finds what is there.
    expect(await columnsMentioning(db, nikos.email)).toEqual(
      expect.arrayContaining(["Order.email", "Review.authorEmail", "EmailMessage.recipient", "LoyaltyMember.email"]),
    );

    // Kept for the shop's books and the product's reviews, without the person.
    expect(await db.order.findUniqueOrThrow({ where: { id: ids.orderId } })).toMatchObject({
      email: null,
      customerId: null,
      customerFirstName: null,
      totalPrice: "42.00",
    });
    expect(await db.refund.count({ where: { shop, orderId: ids.orderId } })).toBe(1);
    expect(await db.review.findUniqueOrThrow({ where: { id: ids.reviewId }, include: { photos: true } })).toMatchObject({
      authorName: "Anonymous",
      authorEmail: null,
      customerId: null,
      ipHash: null,
      body: "The scent faded after a week.",
      photos: [],
      photoCount: 0,
    });
    expect(await db.surveyAnswer.findUniqueOrThrow({ where: { id: ids.answerId } })).toMatchObject({ score: 1, comment: null });
    const emails = await db.emailMessage.findMany({ where: { shop, orderId: ids.orderId }, orderBy: { flow: "asc" } });
    expect(emails.map((email) => [email.flow, email.status, email.recipient, email.subject])).toEqual([
      ["review_request", "cancelled", "", null],
      ["thank_you", "sent", "", null],
    ]);
    // Gone: the member with ledger and codes, the suppression entry, jobs carrying their data.
    expect(await db.loyaltyMember.count({ where: { shop, customerId: customerGid(maria) } })).toBe(0);
    expect(await db.loyaltyEntry.count({ where: { memberId: ids.memberId } })).toBe(0);
    expect(await db.loyaltyRedemption.count({ where: { memberId: ids.memberId } })).toBe(0);
    expect(await db.emailSuppression.count({ where: { shop, email: maria.email } })).toBe(0);
    expect(await jobsMentioning(db, { shop }, ids.memberId)).toHaveLength(0);
    // The storefront summary of the reviewed product is re-synced without the name and photo.
    expect(await db.job.count({ where: { shop, type: "reviews.sync_product", status: "queued" } })).toBe(1);
  });

  it("finds the customer by email in the case Shopify sends it, and by the orders it lists", async () => {
    const shop = newShop();
    const eleni = person(4, "Eleftheria");
    const ids = await seedCustomerData(db, shop, eleni);
    // An order placed as a guest with the address in another case, and one only the payload names.
    await db.order.update({ where: { id: ids.orderId }, data: { customerId: null, email: eleni.email.toUpperCase() } });
    await redactCustomer(db, shop, customerIdentity({ id: 1, email: eleni.email.toUpperCase() }, []));
    expect(await db.order.findUniqueOrThrow({ where: { id: ids.orderId } })).toMatchObject({ email: null, customerFirstName: null });
    expect(await db.loyaltyMember.count({ where: { shop } })).toBe(0); // matched by the lower-case email
  });

  it("does not touch a customer whose id or email merely starts the same way", async () => {
    const shop = newShop();
    const first = person(5, "Anna");
    const longer: Person = { ...person(0, "Annabel"), customerNumber: first.customerNumber * 10 + 1, email: `x${first.email}` };
    await seedCustomerData(db, shop, longer);
    await redactCustomer(db, shop, identity(first));
    expect(await columnsMentioning(db, longer.email)).toEqual(expect.arrayContaining(["Order.email", "Job.payload"]));
  });

  it("empties its own job's payload, which names the customer, in the same transaction", async () => {
    const shop = newShop();
    const who = person(6, "Sotiria");
    await seedCustomerData(db, shop, who);
    const job = await db.job.create({
      data: {
        shop,
        type: "privacy.customer_redact",
        status: "running",
        payload: { topic: "customers/redact", body: { customer: { id: who.customerNumber, email: who.email } } },
      },
    });
    await redactCustomer(db, shop, identity(who), job.id);
    expect((await db.job.findUniqueOrThrow({ where: { id: job.id } })).payload).toEqual(REDACTED_JOB_PAYLOAD);
    expect(await columnsMentioning(db, who.email)).toEqual([]);
  });
});
