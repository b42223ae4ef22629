import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, keysetPage, nextPage, orderedBy, type Bound, type KeysetSource } from "./keyset.server";

type Row = { id: string; at: Date };

/** Rows in memory, filtered and sorted as the database would for a bound and an order. */
function source(rows: Row[]): KeysetSource<Row> {
  const key = (row: Row) => `${row.at.toISOString()}|${row.id}`;
  return {
    position: (row) => ({ at: row.at, id: row.id }),
    async find(bound: Bound, order, take) {
      const within = rows.filter((row) => (!bound.older || key(row) < key(bound.older)) && (!bound.newer || key(row) > key(bound.newer)));
      within.sort((a, b) => (key(a) < key(b) ? 1 : -1) * (order === "desc" ? 1 : -1));
      return within.slice(0, take);
    },
  };
}

// Seven rows, two pairs sharing a timestamp: ties are broken by id.
const at = (minute: number) => new Date(Date.UTC(2031, 0, 1, 12, minute));
const ROWS: Row[] = [
  { id: "a", at: at(1) },
  { id: "b", at: at(2) },
  { id: "c", at: at(2) },
  { id: "d", at: at(3) },
  { id: "e", at: at(4) },
  { id: "f", at: at(4) },
  { id: "g", at: at(5) },
];
const ids = (rows: Row[]) => rows.map((row) => row.id).join("");

describe("cursors", () => {
  it("round-trip a position, and read anything else as no cursor (the first page)", () => {
    const position = { at: at(2), id: "c" };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
    const notBase64Json = "%%%";
    const wrongShape = Buffer.from(JSON.stringify({ at: "x" })).toString("base64url");
    const emptyId = Buffer.from(JSON.stringify([at(2).toISOString(), ""])).toString("base64url");
    for (const bad of [notBase64Json, wrongShape, emptyId, "", null, undefined]) expect(decodeCursor(bad)).toBeNull();
  });
});

describe("keysetPage", () => {
  it("walks newest first and back without skipping or repeating rows that share a timestamp", async () => {
    const rows = source(ROWS);
    const first = await keysetPage(rows, { take: 3 }, 100);
    expect([ids(first.rows), first.hasPrevious, first.hasNext]).toEqual(["gfe", false, true]);
    const second = await keysetPage(rows, { cursor: first.nextCursor, take: 3 }, 100);
    expect([ids(second.rows), second.hasPrevious, second.hasNext]).toEqual(["dcb", true, true]);
    const third = await keysetPage(rows, { cursor: second.nextCursor, take: 3 }, 100);
    expect([ids(third.rows), third.hasNext, third.nextCursor]).toEqual(["a", false, null]);
    const back = await keysetPage(rows, { before: third.previousCursor, take: 3 }, 100);
    expect([ids(back.rows), back.hasPrevious, back.hasNext]).toEqual(["dcb", true, true]);
  });

  it("keeps the page size between 1 and the most allowed, and starts over from a cursor that does not parse", async () => {
    expect(ids((await keysetPage(source(ROWS), { take: 50 }, 4)).rows)).toBe("gfed");
    expect(ids((await keysetPage(source(ROWS), { take: 0 }, 4)).rows)).toBe("g");
    expect(ids((await keysetPage(source(ROWS), { cursor: "edited", take: 2 }, 4)).rows)).toBe("gf");
  });

  it("uses the cursor itself as the boundary when every row past it went away", async () => {
    const page = await keysetPage(source(ROWS.slice(3)), { cursor: encodeCursor({ at: at(2), id: "b" }), take: 3 }, 100);
    expect([page.rows, page.hasPrevious, page.previousCursor]).toEqual([[], true, null]);
  });
});

describe("nextPage", () => {
  it("gives the next page's cursor until the last page", async () => {
    const first = await nextPage(source(ROWS), null, 4);
    expect(ids(first.rows)).toBe("gfed");
    const last = await nextPage(source(ROWS), first.nextCursor, 4);
    expect([ids(last.rows), last.nextCursor]).toEqual(["cba", null]);
  });
});

describe("orderedBy", () => {
  it("asks for the rows beyond a position on the timestamp column and id, in order, and reads a row's position", async () => {
    const queries: unknown[] = [];
    const row = { id: "c", createdAt: at(2), title: "x" };
    const list = orderedBy("createdAt", async (query) => {
      queries.push(query);
      return [row];
    });
    expect(list.position(row)).toEqual({ at: at(2), id: "c" });
    await list.find({ older: { at: at(2), id: "c" } }, "desc", 3);
    await list.find({ newer: { at: at(4), id: "e" } }, "asc", 1);
    await list.find({}, "desc", 5);
    expect(queries).toEqual([
      {
        where: { AND: [{ OR: [{ createdAt: { lt: at(2) } }, { createdAt: at(2), id: { lt: "c" } }] }] },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: 3,
      },
      {
        where: { AND: [{ OR: [{ createdAt: { gt: at(4) } }, { createdAt: at(4), id: { gt: "e" } }] }] },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        take: 1,
      },
      { where: { AND: [] }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 5 },
    ]);
  });
});
