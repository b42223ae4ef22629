// readRows (app/db.server.ts): a SELECT on the driver under Prisma, for the storefront's page of
// reviews. Runs on the database the suite runs on (SQLite, and PostgreSQL in `npm run test:pg`).
import { Prisma } from "@prisma/client";
import { describe, expect, it } from "vitest";
import db, { readRows, type Db } from "../db.server";
import { newShop, storeReview } from "../reviews/test-fixtures";

const PRODUCT = "gid://shopify/Product/7001";

describe("readRows", () => {
  it("gives plain values: booleans, numbers and text", async () => {
    const shop = newShop();
    const review = await storeReview(db, shop, { productId: PRODUCT, rating: 4, verified: true, helpfulCount: 3 });
    const rows = await readRows(
      db,
      Prisma.sql`SELECT "id", "rating", "verified", "helpfulCount", "title" FROM "Review" WHERE "shop" = ${shop}`,
    );
    expect(rows).toEqual([{ id: review.id, rating: 4, verified: true, helpfulCount: 3, title: review.title }]);
  });

  it("compares Date arguments with stored timestamps to the millisecond", async () => {
    const shop = newShop();
    const createdAt = new Date("2030-05-06T07:08:09.123Z");
    await storeReview(db, shop, { productId: PRODUCT, createdAt });
    const count = async (comparison: Prisma.Sql) =>
      (await readRows<{ id: string }>(db, Prisma.sql`SELECT "id" FROM "Review" WHERE "shop" = ${shop} ${comparison}`)).length;
    expect(await count(Prisma.sql`AND "createdAt" <= ${createdAt}`)).toBe(1);
    expect(await count(Prisma.sql`AND "createdAt" = ${createdAt}`)).toBe(1);
    expect(await count(Prisma.sql`AND "createdAt" < ${createdAt}`)).toBe(0);
    expect(await count(Prisma.sql`AND "createdAt" > ${new Date(createdAt.getTime() - 1)}`)).toBe(1);
  });

  it("leaves Prisma's own queries of the same SQL as they were", async () => {
    const shop = newShop();
    await storeReview(db, shop, { productId: PRODUCT, rating: 5 });
    const query = Prisma.sql`SELECT "rating" FROM "Review" WHERE "shop" = ${shop}`;
    expect(await readRows(db, query)).toEqual([{ rating: 5 }]);
    expect(await db.$queryRaw(query)).toEqual([{ rating: 5 }]);
    expect(await readRows(db, query)).toEqual([{ rating: 5 }]);
  });

  it("needs a client made by createDb", () => {
    expect(() => readRows({} as Db, Prisma.sql`SELECT 1`)).toThrow("createDb");
  });
});
