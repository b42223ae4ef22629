// Shopify-style cursor pagination: nodes, edges { cursor node } and pageInfo.
import { GraphQLError } from "graphql";
import { numericId } from "../state";

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  reverse?: boolean | null;
}

export interface Connection<T> {
  nodes: T[];
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

// Shopify cursors are base64 JSON naming the last record seen; apps must treat them as opaque.
function encodeCursor(id: string): string {
  const last = numericId(id);
  return Buffer.from(JSON.stringify({ last_id: last, last_value: String(last) })).toString("base64");
}

function decodeCursor(cursor: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as { last_id?: unknown };
    if (typeof parsed.last_id === "number") return parsed.last_id;
  } catch {
    // fall through to the error below
  }
  throw new GraphQLError(`Invalid cursor for current pagination sort.`);
}

export function paginate<T>(items: readonly T[], args: ConnectionArgs, idOf: (item: T) => string): Connection<T> {
  const { first, last, after, before } = args;
  if (first == null && last == null) throw new GraphQLError("you must provide one of first or last");
  const ordered = args.reverse ? [...items].reverse() : [...items];
  const positionOf = (cursor: string) => {
    const wanted = decodeCursor(cursor);
    const index = ordered.findIndex((item) => numericId(idOf(item)) === wanted);
    if (index < 0) throw new GraphQLError(`Invalid cursor for current pagination sort.`);
    return index;
  };
  let start = after ? positionOf(after) + 1 : 0;
  let end = before ? positionOf(before) : ordered.length;
  if (first != null) end = Math.min(end, start + Math.max(first, 0));
  if (last != null) start = Math.max(start, end - Math.max(last, 0));
  const page = ordered.slice(start, end);
  const edges = page.map((node) => ({ cursor: encodeCursor(idOf(node)), node }));
  return {
    nodes: page,
    edges,
    pageInfo: {
      hasNextPage: end < ordered.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
