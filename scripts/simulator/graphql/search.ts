// The part of Shopify's search syntax apps use in `query:` arguments:
//   title:Shirt  email:"a@b.com"  created_at:>2025-01-01  -status:cancelled  code:WELCOME*  free text  a OR b
// Terms are ANDed, OR separates alternatives. Unknown fields are ignored, as Shopify does
// (it only adds a warning), so they match everything.
import { GraphQLError } from "graphql";

type SearchValue = string | number | boolean | null | undefined | readonly string[];
export type SearchFields<T> = Record<string, (item: T) => SearchValue>;

interface Term {
  field: string | null;
  comparator: "=" | ">" | ">=" | "<" | "<=";
  value: string;
  negate: boolean;
}

function unquote(text: string): string {
  return /^(["']).*\1$/.test(text) ? text.slice(1, -1) : text;
}

function parse(query: string): Term[][] {
  const tokens = query.match(/-?[\w.]+:(?:"[^"]*"|'[^']*'|\S+)|"[^"]*"|'[^']*'|\S+/g) ?? [];
  const groups: Term[][] = [[]];
  let negateNext = false;
  for (const token of tokens) {
    if (token === "OR") {
      groups.push([]);
      continue;
    }
    if (token === "AND") continue;
    if (token === "NOT") {
      negateNext = true;
      continue;
    }
    const negate = negateNext || (token.startsWith("-") && token.includes(":"));
    negateNext = false;
    const body = token.startsWith("-") && token.includes(":") ? token.slice(1) : token;
    const colon = body.indexOf(":");
    if (colon < 0 || body.startsWith('"') || body.startsWith("'")) {
      groups.at(-1)!.push({ field: null, comparator: "=", value: unquote(body), negate });
      continue;
    }
    const rest = body.slice(colon + 1);
    const comparator = (/^(>=|<=|>|<)/.exec(rest)?.[1] ?? "=") as Term["comparator"];
    const value = unquote(rest.slice(comparator === "=" ? 0 : comparator.length));
    groups.at(-1)!.push({ field: body.slice(0, colon).toLowerCase(), comparator, value, negate });
  }
  return groups.filter((group) => group.length > 0);
}

function compare(actual: string | number | boolean, term: Term): boolean {
  if (term.comparator === "=") {
    const have = String(actual).toLowerCase();
    const want = term.value.toLowerCase();
    return want.endsWith("*") ? have.startsWith(want.slice(0, -1)) : have === want;
  }
  const asNumber = (text: string | number | boolean) => (typeof text === "number" ? text : Number(text));
  const asDate = (text: string | number | boolean) => Date.parse(String(text));
  let left = asNumber(actual);
  let right = asNumber(term.value);
  if (Number.isNaN(left) || Number.isNaN(right)) {
    left = asDate(actual);
    right = asDate(term.value);
  }
  if (Number.isNaN(left) || Number.isNaN(right)) return false;
  switch (term.comparator) {
    case ">":
      return left > right;
    case ">=":
      return left >= right;
    case "<":
      return left < right;
    case "<=":
      return left <= right;
  }
}

function matchesTerm<T>(item: T, term: Term, fields: SearchFields<T>, freeText: (item: T) => string[]): boolean {
  let matched: boolean;
  if (term.field === null) {
    const needle = term.value.toLowerCase().replace(/\*$/, "");
    matched = freeText(item).some((text) => text.toLowerCase().includes(needle));
  } else {
    const read = fields[term.field];
    if (!read) return true;
    const actual = read(item);
    if (actual === null || actual === undefined) matched = false;
    else if (Array.isArray(actual)) matched = actual.some((value: string) => compare(value, term));
    else matched = compare(actual as string | number | boolean, term);
  }
  return term.negate ? !matched : matched;
}

export function filterByQuery<T>(
  items: readonly T[],
  query: string | null | undefined,
  fields: SearchFields<T>,
  freeText: (item: T) => string[],
): T[] {
  const groups = query ? parse(query) : [];
  if (groups.length === 0) return [...items];
  return items.filter((item) => groups.some((terms) => terms.every((term) => matchesTerm(item, term, fields, freeText))));
}

/**
 * The comparator for a connection's sortKey argument. Shopify's sort-key enums have more values
 * than the simulator keeps data for (RELEVANCE, INVENTORY_TOTAL...): those answer an error naming
 * them rather than an order that looks right and is not.
 */
export function sorterFor<T>(enumName: string, sorters: Record<string, (a: T, b: T) => number>, sortKey: string): (a: T, b: T) => number {
  const sorter = sorters[sortKey];
  if (!sorter) throw new GraphQLError(`the simulator does not implement sorting by ${enumName}.${sortKey}`);
  return sorter;
}
