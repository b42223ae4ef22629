// Compares a webhook body with Shopify's sample for its topic: the same keys at every level and
// the same JSON types. A sample's null says nothing about the type, so any value passes there;
// a null where the sample has a value passes only on paths listed as nullable, with the reason.
import type { Json, JsonObject } from "../fixtures/shopify-webhooks/samples";

export interface ShapeRules {
  /** Element shapes for arrays the sample leaves empty, by the array's path ("fulfillments", "line_items[].tax_lines"). */
  elements?: Record<string, Json[]>;
  /** Paths where Shopify sends null although the sample shows a value, each with why. */
  nullable?: Record<string, string>;
  /** Paths Shopify leaves out of the body (protected customer data the app is not approved for). */
  absent?: ReadonlySet<string>;
}

const kind = (value: Json): string => (value === null ? "null" : Array.isArray(value) ? "array" : typeof value);
const child = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** Every path in a body: "email", "customer.first_name", "line_items[].tax_lines[].rate". */
export function pathsOf(value: Json, path = "", into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const element of value) pathsOf(element, `${path}[]`, into);
  } else if (value !== null && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      into.add(child(path, key));
      pathsOf(inner, child(path, key), into);
    }
  }
  return into;
}

/** The elements of every array in the sample, by the array's path. */
function elementTemplates(sample: Json, path: string, into: Map<string, Json[]>): Map<string, Json[]> {
  if (Array.isArray(sample)) {
    for (const element of sample) {
      into.set(path, [...(into.get(path) ?? []), element]);
      elementTemplates(element, `${path}[]`, into);
    }
  } else if (sample !== null && typeof sample === "object") {
    for (const [key, inner] of Object.entries(sample)) elementTemplates(inner, child(path, key), into);
  }
  return into;
}

/** Where `actual` departs from the sample's shape, one line per difference; empty when it matches. */
export function shapeDifferences(sample: JsonObject, actual: JsonObject, rules: ShapeRules = {}): string[] {
  const templates = elementTemplates(sample, "", new Map());
  for (const [path, elements] of Object.entries(rules.elements ?? {})) {
    templates.set(path, [...(templates.get(path) ?? []), ...elements]);
    for (const element of elements) elementTemplates(element, `${path}[]`, templates);
  }
  const nullable = rules.nullable ?? {};
  const absent = rules.absent ?? new Set<string>();

  const compare = (expected: Json, value: Json, path: string, out: string[]) => {
    if (expected === null) return;
    if (value === null) {
      if (!(path in nullable)) out.push(`${path}: null where Shopify's sample has ${kind(expected)}`);
      return;
    }
    if (kind(expected) !== kind(value)) {
      out.push(`${path}: ${kind(value)} where Shopify's sample has ${kind(expected)}`);
      return;
    }
    if (Array.isArray(value)) {
      const candidates = templates.get(path) ?? [];
      value.forEach((element, index) => {
        if (candidates.length === 0) {
          out.push(`${path}[${index}]: no documented shape for its elements`);
          return;
        }
        // Elements may take any of the documented shapes (a discount code or an automatic discount).
        const attempts = candidates.map((candidate) => {
          const problems: string[] = [];
          compare(candidate, element, `${path}[]`, problems);
          return problems;
        });
        if (!attempts.some((problems) => problems.length === 0))
          out.push(...attempts.reduce((best, problems) => (problems.length < best.length ? problems : best)));
      });
      return;
    }
    if (typeof value === "object") {
      const wanted = expected as JsonObject;
      for (const key of Object.keys(wanted)) {
        if (key in value) compare(wanted[key]!, value[key]!, child(path, key), out);
        else if (!absent.has(child(path, key))) out.push(`${child(path, key)}: missing`);
      }
      for (const key of Object.keys(value)) if (!(key in wanted)) out.push(`${child(path, key)}: not in Shopify's sample`);
    }
  };

  const out: string[] = [];
  compare(sample, actual, "", out);
  return out;
}
