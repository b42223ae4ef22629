import { describe, expect, it } from "vitest";
import { decodeShopperCursor, encodeShopperCursor } from "./shopper-cursor";

const position = { key: 4, createdAt: new Date("2030-01-02T03:04:05.678Z"), id: "review-1" };

describe("shopper cursors", () => {
  it("read back the position they were made from, for the same sort and filter only", () => {
    const cursor = encodeShopperCursor({ sort: "highest", rating: 4 }, position);
    expect(cursor).toMatch(/^[\w-]+$/);
    expect(decodeShopperCursor(cursor, { sort: "highest", rating: 4 })).toEqual(position);
    expect(decodeShopperCursor(cursor, { sort: "highest" })).toBeNull();
    expect(decodeShopperCursor(cursor, { sort: "lowest", rating: 4 })).toBeNull();
    const newest = encodeShopperCursor({ sort: "newest" }, { ...position, key: null });
    expect(decodeShopperCursor(newest, { sort: "newest" })).toEqual({ ...position, key: null });
    expect(decodeShopperCursor(newest, { sort: "helpful" })).toBeNull();
  });

  it("refuse what was not made here: garbage, a key the sort cannot have, a wrong shape", () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    for (const cursor of [
      "",
      "not base64 json",
      encode({ sort: "newest" }),
      encode(["newest", 0, 3, position.createdAt.toISOString(), "id"]), // "newest" has no key
      encode(["photos", 0, null, position.createdAt.toISOString(), "id"]), // "photos" needs one
      encode(["highest", 0, 9, position.createdAt.toISOString(), "id"]), // no such rating
      encode(["newest", 0, null, "yesterday", "id"]),
      encode(["newest", 0, null, position.createdAt.toISOString(), ""]),
      encode(["oldest", 0, null, position.createdAt.toISOString(), "id"]),
    ]) {
      expect(decodeShopperCursor(cursor, { sort: "newest" }), cursor).toBeNull();
      expect(decodeShopperCursor(cursor, { sort: "photos" }), cursor).toBeNull();
      expect(decodeShopperCursor(cursor, { sort: "highest" }), cursor).toBeNull();
    }
  });
});
