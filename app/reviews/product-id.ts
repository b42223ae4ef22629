// Product ids as shoppers' requests carry them: the theme block posts the number, other callers
// the GID. Shopify ids are unsigned 64-bit integers, so a longer or larger number names no
// product, and one spelling per product (no leading zeros) keeps "one review per product" true.
import { z } from "zod";

const MAX_SHOPIFY_ID = 18446744073709551615n; // 2^64 - 1
const PRODUCT_ID = /^(?:gid:\/\/shopify\/Product\/)?([1-9][0-9]{0,19})$/;
const PRODUCT_ID_MESSAGE = "The product must be a Shopify product ID.";

/** The Product GID for a product number or GID, or null when it cannot be one. */
export function productGid(value: string): string | null {
  const digits = PRODUCT_ID.exec(value)?.[1];
  if (!digits || BigInt(digits) > MAX_SHOPIFY_ID) return null;
  return `gid://shopify/Product/${digits}`;
}

/** A form or query field holding a product number or GID; parses to the Product GID. */
export const ProductIdField = z
  .string({ required_error: "The product is missing.", invalid_type_error: PRODUCT_ID_MESSAGE })
  .transform((value, ctx) => productGid(value) ?? (ctx.addIssue({ code: "custom", message: PRODUCT_ID_MESSAGE }), z.NEVER));
