// Review.buyerKey: the rule, the migration that backfilled it for reviews written before it
// existed (on SQLite, and on PostgreSQL when DATABASE_URL points there), and erasure.
import { afterAll, describe, expect, it } from "vitest";
import { migrationTargets, runSql, selectRows } from "../../tests/support/test-database";
import db from "../db.server";
import { readMigrations } from "../db/migrate.server";
import { customerIdentity } from "../privacy/compliance-payloads";
import { redactCustomer } from "../privacy/redact.server";
import { buyerKey } from "./buyer-key";
import { submitReview } from "./submit-review.server";
import { newShop, recordOrder } from "./test-fixtures";

const HARDENING = "20261206082235_hardening";

describe("buyerKey", () => {
  it("is the customer when known, else the lower-cased address, for verified reviews only", () => {
    expect(buyerKey({ verified: true, customerId: "gid://shopify/Customer/7", authorEmail: "Ana@Example.com" })).toBe(
      "customer:gid://shopify/Customer/7",
    );
    expect(buyerKey({ verified: true, customerId: null, authorEmail: "Ana@Example.com" })).toBe("email:ana@example.com");
    expect(buyerKey({ verified: true, customerId: null, authorEmail: null })).toBeNull();
    expect(buyerKey({ verified: false, customerId: "gid://shopify/Customer/7", authorEmail: "ana@example.com" })).toBeNull();
  });
});

// ---------------------------------------------------------------- the backfill

const { targets, dropAll } = migrationTargets();
afterAll(dropAll);

interface OldReview {
  id: string;
  shop?: string;
  productId?: string;
  customerId?: string | null;
  authorEmail?: string | null;
  verified?: boolean;
  createdAt: string;
}

describe.each(targets)("the hardening migration on $provider", (target) => {
  const migrations = readMigrations(target.provider);
  const hardening = migrations.findIndex((migration) => migration.name === HARDENING);
  const quote = (value: string | null | undefined) => (value == null ? "NULL" : `'${value.replace(/'/g, "''")}'`);
  const bool = (value: boolean) => (target.provider === "sqlite" ? (value ? "1" : "0") : value ? "TRUE" : "FALSE");

  /** A database as it was just before the migration, holding these reviews; then migrated. */
  async function migrateWith(reviews: OldReview[]): Promise<string> {
    const url = await target.createEmpty();
    for (const migration of migrations.slice(0, hardening)) await runSql(url, migration.sql);
    for (const review of reviews) {
      await runSql(
        url,
        `INSERT INTO "Review" ("id", "shop", "productId", "customerId", "authorEmail", "verified", "rating", "body", "authorName", "source", "contentHash", "createdAt", "updatedAt")
         VALUES (${quote(review.id)}, ${quote(review.shop ?? "a.myshopify.com")}, ${quote(review.productId ?? "gid://shopify/Product/1")}, ${quote(review.customerId)},
                 ${quote(review.authorEmail)}, ${bool(review.verified ?? true)}, 5, 'Good', 'Ana', 'storefront', 'h', ${quote(review.createdAt)}, ${quote(review.createdAt)})`,
      );
    }
    await runSql(url, migrations[hardening]!.sql);
    return url;
  }

  it("keys the earliest of each buyer's reviews of a product by the rule of buyer-key.ts, the others by nothing", async () => {
    const reviews: OldReview[] = [
      // One customer, three reviews of one product (the first written is the second row).
      { id: "c-late", customerId: "gid://shopify/Customer/1", createdAt: "2025-03-01 10:00:00" },
      { id: "c-early", customerId: "gid://shopify/Customer/1", authorEmail: "one@example.com", createdAt: "2025-01-01 10:00:00" },
      { id: "c-mid", customerId: "gid://shopify/Customer/1", createdAt: "2025-02-01 10:00:00" },
      // The same customer's review of another product, and in another shop: their own.
      {
        id: "c-other-product",
        customerId: "gid://shopify/Customer/1",
        productId: "gid://shopify/Product/2",
        createdAt: "2025-04-01 10:00:00",
      },
      { id: "c-other-shop", customerId: "gid://shopify/Customer/1", shop: "b.myshopify.com", createdAt: "2025-04-01 10:00:00" },
      // A guest by address, in two spellings; the same moment twice: the smaller id first.
      { id: "e-b", authorEmail: "Guest@Example.com", createdAt: "2025-01-05 10:00:00" },
      { id: "e-a", authorEmail: "guest@example.com", createdAt: "2025-01-05 10:00:00" },
      // Not limited: unverified (before the verified one, which is keyed all the same), or nobody known.
      { id: "u-unverified", customerId: "gid://shopify/Customer/2", verified: false, createdAt: "2024-12-01 10:00:00" },
      { id: "u-verified", customerId: "gid://shopify/Customer/2", createdAt: "2025-01-01 10:00:00" },
      { id: "u-nobody", createdAt: "2025-01-01 10:00:00" },
    ];
    const url = await migrateWith(reviews);
    const rows = await selectRows(url, `SELECT "id", "buyerKey", "customerId", "authorEmail", "verified" FROM "Review" ORDER BY "id"`);
    const keys = Object.fromEntries(rows.map((row) => [row.id, row.buyerKey]));
    expect(keys).toEqual({
      "c-early": "customer:gid://shopify/Customer/1",
      "c-late": null,
      "c-mid": null,
      "c-other-product": "customer:gid://shopify/Customer/1",
      "c-other-shop": "customer:gid://shopify/Customer/1",
      "e-a": "email:guest@example.com",
      "e-b": null,
      "u-nobody": null,
      "u-unverified": null,
      "u-verified": "customer:gid://shopify/Customer/2",
    });
    // Every key the migration wrote is the one the app writes for the same columns.
    for (const row of rows.filter((row) => row.buyerKey !== null)) {
      expect(
        buyerKey({
          verified: Boolean(row.verified),
          customerId: row.customerId as string | null,
          authorEmail: row.authorEmail as string | null,
        }),
      ).toBe(row.buyerKey);
    }
    // And from now on the database keeps one review per product and buyer.
    await expect(
      runSql(
        url,
        `INSERT INTO "Review" ("id", "shop", "productId", "buyerKey", "verified", "rating", "body", "authorName", "source", "contentHash", "updatedAt")
         VALUES ('again', 'a.myshopify.com', 'gid://shopify/Product/1', 'email:guest@example.com', ${bool(true)}, 5, 'Again', 'Ana', 'storefront', 'h2', '2025-05-01 10:00:00')`,
      ),
    ).rejects.toThrow(/unique/i);
  });
});

// ---------------------------------------------------------------- erasure

describe("a customer's erasure", () => {
  it("takes the buyer key with the rest of what identifies them", async () => {
    const shop = newShop();
    const orderId = await recordOrder(db, shop, { customerId: null, productIds: ["gid://shopify/Product/5"] });
    await db.order.update({ where: { id: orderId }, data: { email: "erase.me@example.com" } });
    const context = {
      shop,
      via: {
        kind: "review_link" as const,
        claims: { shop, orderId, productIds: ["gid://shopify/Product/5"], expiresAt: new Date("2099-01-01T00:00:00Z") },
      },
      ipHash: "ip",
      now: new Date(),
      productExists: async () => expect.fail("not asked: the review link's order proves the product"),
    };
    const submitted = await submitReview(
      db,
      { rating: 4, body: "Does what it says.", authorName: "Erin", productId: "gid://shopify/Product/5" },
      context,
    );
    expect(submitted).toMatchObject({ ok: true });
    expect(await db.review.findFirstOrThrow({ where: { shop } })).toMatchObject({ buyerKey: "email:erase.me@example.com" });

    await redactCustomer(db, shop, customerIdentity({ id: 4242, email: "erase.me@example.com" }, [Number(orderId.split("/").pop())]));
    expect(await db.review.findFirstOrThrow({ where: { shop } })).toMatchObject({ authorEmail: null, buyerKey: null });
  });
});
