// The dashboard's date range from the page's URL, pure: a preset, or a custom range when it is a
// valid one. Apart from range.ts so the browser's bundle does not carry zod.
import { z } from "zod";
import { isDay, lastDays, rangeLength, type DayRange } from "./days";
import { DEFAULT_PRESET, MAX_RANGE_DAYS } from "./range";

const RangeQuery = z.object({
  days: z.coerce
    .number()
    .pipe(z.union([z.literal(7), z.literal(30), z.literal(90)]))
    .optional()
    .catch(undefined),
  from: z.string().refine(isDay).optional().catch(undefined),
  to: z.string().refine(isDay).optional().catch(undefined),
});

/** A custom range when it is a valid one, else a preset ending today on the shop's clock. */
export function rangeFrom(params: URLSearchParams, today: string): { range: DayRange; preset: number | null } {
  const query = RangeQuery.parse(Object.fromEntries(params));
  if (
    query.from &&
    query.to &&
    query.from <= query.to &&
    query.to <= today &&
    rangeLength({ from: query.from, to: query.to }) <= MAX_RANGE_DAYS
  ) {
    return { range: { from: query.from, to: query.to }, preset: null };
  }
  const days = query.days ?? DEFAULT_PRESET;
  return { range: lastDays(days, today), preset: days };
}
