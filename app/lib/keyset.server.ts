// Keyset pages of a newest-first list: rows ordered by a timestamp, ties broken by id, so no row
// is skipped or repeated across pages while rows come and go. The cursor is the last row's
// (timestamp, id), base64url JSON in the URL; one that does not parse (an edited URL) gives the
// first page.
import { z } from "zod";

/** A row's place in the list: its timestamp, ties broken by id. */
export type Position = { at: Date; id: string };

/** Rows strictly older (`older`) or newer (`newer`) than a position; neither: all rows. */
export type Bound = { older?: Position; newer?: Position };

export interface Page<Row> {
  rows: Row[];
  hasNext: boolean;
  hasPrevious: boolean;
  /** Pass as `cursor` for the next (older) page; null without one. */
  nextCursor: string | null;
  /** Pass as `before` for the previous (newer) page; null without one. */
  previousCursor: string | null;
}

export interface PageRequest {
  /** Rows older than this cursor (the next page)… */
  cursor?: string | null;
  /** …or newer than this one (the previous page). `cursor` wins when both are given. */
  before?: string | null;
  take: number;
}

export interface KeysetSource<Row> {
  position(row: Row): Position;
  /** The rows within `bound`, newest first for "desc" (orderedBy builds it for a timestamp column). */
  find(bound: Bound, order: "desc" | "asc", take: number): Promise<Row[]>;
}

const Cursor = z.tuple([z.string().datetime(), z.string().min(1)]);

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.at.toISOString(), position.id])).toString("base64url");
}

export function decodeCursor(cursor: string | null | undefined): Position | null {
  if (!cursor) return null;
  try {
    const [at, id] = Cursor.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return { at: new Date(at), id };
  } catch {
    return null;
  }
}

type Beyond<Field extends string> = {
  OR: (Record<Field, { lt: Date } | { gt: Date }> | (Record<Field, Date> & { id: { lt: string } | { gt: string } }))[];
};

/** The where clause for `bound` on the list's timestamp column `field` and id (a Prisma where input). */
function keysetWhere<Field extends string>(field: Field, bound: Bound): { AND: Beyond<Field>[] } {
  const beyond = (position: Position, op: "lt" | "gt") =>
    ({
      OR: [{ [field]: { [op]: position.at } }, { [field]: position.at, id: { [op]: position.id } }],
    }) as Beyond<Field>;
  return { AND: [...(bound.older ? [beyond(bound.older, "lt")] : []), ...(bound.newer ? [beyond(bound.newer, "gt")] : [])] };
}

/** The list's order on `field` and id: newest first for "desc". */
function keysetOrderBy<Field extends string>(field: Field, order: "desc" | "asc") {
  return [{ [field]: order } as Record<Field, "desc" | "asc">, { id: order }];
}

/**
 * The source for a list ordered by the rows' `field` timestamp, ties broken by id: `find` runs
 * the query (a Prisma findMany) with the where clause, order and row count to add to its own.
 */
export function orderedBy<Field extends string, Row extends { id: string } & Record<Field, Date>>(
  field: Field,
  find: (query: {
    where: ReturnType<typeof keysetWhere<Field>>;
    orderBy: ReturnType<typeof keysetOrderBy<Field>>;
    take: number;
  }) => Promise<Row[]>,
): KeysetSource<Row> {
  return {
    position: (row) => ({ at: row[field], id: row.id }),
    find: (bound, order, take) => find({ where: keysetWhere(field, bound), orderBy: keysetOrderBy(field, order), take }),
  };
}

/** The next page only (lists without a way back): `take` rows after the cursor, and the cursor for the page after, null on the last. */
export async function nextPage<Row>(
  source: KeysetSource<Row>,
  cursor: string | null | undefined,
  take: number,
): Promise<{ rows: Row[]; nextCursor: string | null }> {
  const after = decodeCursor(cursor);
  const found = await source.find(after ? { older: after } : {}, "desc", take + 1);
  const rows = found.slice(0, take);
  const last = rows.at(-1);
  return { rows, nextCursor: found.length > take && last ? encodeCursor(source.position(last)) : null };
}

/** A page either way, `request.take` rows between 1 and `maxTake`, with whether there are pages before and after it. */
export async function keysetPage<Row>(source: KeysetSource<Row>, request: PageRequest, maxTake: number): Promise<Page<Row>> {
  const take = Math.min(Math.max(Math.trunc(request.take) || 1, 1), maxTake);
  const after = decodeCursor(request.cursor);
  const before = after ? null : decodeCursor(request.before);
  let rows: Row[];
  let more: boolean;
  if (before) {
    // The previous page: the rows just newer than the cursor, read upwards and turned round.
    const found = await source.find({ newer: before }, "asc", take + 1);
    more = found.length > take;
    rows = found.slice(0, take).reverse();
  } else {
    const found = await source.find(after ? { older: after } : {}, "desc", take + 1);
    more = found.length > take;
    rows = found.slice(0, take);
  }
  const first = rows[0] ? source.position(rows[0]) : null;
  const last = rows.length > 0 ? source.position(rows.at(-1)!) : null;
  const exists = async (bound: Bound) => (await source.find(bound, "desc", 1)).length > 0;
  // On an empty page (every row past the cursor went away) the cursor itself is the boundary.
  const [hasNext, hasPrevious] = await Promise.all([
    before ? exists({ older: last ?? before }) : Promise.resolve(more),
    before ? Promise.resolve(more) : first ? exists({ newer: first }) : after ? exists({ newer: after }) : Promise.resolve(false),
  ]);
  return {
    rows,
    hasNext,
    hasPrevious,
    nextCursor: hasNext && last ? encodeCursor(last) : null,
    previousCursor: hasPrevious && first ? encodeCursor(first) : null,
  };
}
