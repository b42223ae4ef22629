// Rows for the reviews tests: shops, recorded orders and stored reviews.
import { randomUUID } from "node:crypto";
import type { Review } from "@prisma/client";
import type { Db } from "../db.server";
import type { OrderLine } from "../orders/order-lines";
import { contentHash } from "./spam";

export const newShop = () => `shop-${randomUUID().slice(0, 8)}.myshopify.com`;

let sequence = 0;
const nextNumber = () => Date.now() * 1000 + (sequence++ % 1000);

export async function recordOrder(
  db: Db,
  shop: string,
  order: { customerId: string | null; productIds: string[]; financialStatus?: string; cancelledAt?: Date | null; processedAt?: Date },
): Promise<string> {
  const id = `gid://shopify/Order/${nextNumber()}`;
  const lines: OrderLine[] = order.productIds.map((productId, n) => ({
    lineItemId: `gid://shopify/LineItem/${nextNumber()}`,
    productId,
    variantId: `gid://shopify/ProductVariant/${n + 1}`,
    title: `Product ${n + 1}`,
    quantity: 1,
    price: "10.00",
  }));
  await db.order.create({
    data: {
      id,
      shop,
      name: `#${nextNumber() % 100000}`,
      customerId: order.customerId,
      currencyCode: "USD",
      presentmentCurrencyCode: "USD",
      totalPrice: "10.00",
      presentmentTotalPrice: "10.00",
      subtotalPrice: "10.00",
      financialStatus: order.financialStatus ?? "paid",
      lineItems: lines,
      processedAt: order.processedAt ?? new Date("2030-01-01T00:00:00Z"),
      cancelledAt: order.cancelledAt ?? null,
    },
  });
  return id;
}

export async function storeReview(
  db: Db,
  shop: string,
  review: Partial<Omit<Review, "shop">> & { productId: string; photos?: { url: string; altText?: string }[] },
): Promise<Review> {
  const { photos = [], ...fields } = review;
  const body = fields.body ?? `A review ${randomUUID()}`;
  return db.review.create({
    data: {
      shop,
      rating: 5,
      authorName: "Sam",
      source: "storefront",
      status: "published",
      contentHash: contentHash(body),
      ...fields,
      body,
      photoCount: photos.length,
      photos: {
        create: photos.map((photo, position) => ({
          fileId: `gid://shopify/MediaImage/${position + 1}`,
          url: photo.url,
          altText: photo.altText ?? "",
          position,
        })),
      },
    },
  });
}
