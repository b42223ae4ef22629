// Cursors for the storefront's pages of reviews ("More reviews"): the last review's place in the
// list's order, so the next page is an index seek however deep the shopper reads, where OFFSET
// would read and skip every review before it. Opaque to the storefront (base64url JSON) and
// bound to one sort and rating filter: a cursor from another list is refused, not misread.
import { z } from "zod";

export const SHOPPER_SORTS = ["newest", "highest", "lowest", "photos", "helpful"] as const;
export type ShopperSort = (typeof SHOPPER_SORTS)[number];

/** Which list a cursor belongs to: the sort and the rating filter (none: every rating). */
export interface ShopperListScope {
  sort: ShopperSort;
  rating?: number;
}

/**
 * A review's place in a list: the sort's own key (rating, photo count or helpful votes; null for
 * "newest"), then newest first, ties broken by id.
 */
export interface ShopperPosition {
  key: number | null;
  createdAt: Date;
  id: string;
}

const CursorPayload = z.tuple([
  z.enum(SHOPPER_SORTS),
  z.number().int().min(0).max(5), // the rating filter, 0 for none
  z.number().int().min(0).nullable(),
  z.string().datetime(),
  z.string().min(1).max(64),
]);

export function encodeShopperCursor(scope: ShopperListScope, position: ShopperPosition): string {
  const payload: z.infer<typeof CursorPayload> = [
    scope.sort,
    scope.rating ?? 0,
    position.key,
    position.createdAt.toISOString(),
    position.id,
  ];
  return Buffer.from(JSON.stringify(payload)).toString("base64url");
}

/** The position in `cursor`; null when it does not parse or belongs to another sort or filter. */
export function decodeShopperCursor(cursor: string, scope: ShopperListScope): ShopperPosition | null {
  let parsed: z.infer<typeof CursorPayload>;
  try {
    parsed = CursorPayload.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    return null;
  }
  const [sort, rating, key, createdAt, id] = parsed;
  if (sort !== scope.sort || rating !== (scope.rating ?? 0)) return null;
  // "newest" has no key of its own; every other sort has one.
  if ((sort === "newest") !== (key === null)) return null;
  if ((sort === "highest" || sort === "lowest") && (key === null || key < 1 || key > 5)) return null;
  return { key, createdAt: new Date(createdAt), id };
}
