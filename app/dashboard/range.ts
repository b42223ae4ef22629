// The dashboard's date range, pure: read from the URL (a preset or a custom range), and its label
// on the range button.
import { z } from "zod";
import { isDay, lastDays, rangeLength, type DayRange } from "./days";

export const RANGE_PRESETS = [7, 30, 90] as const;
const DEFAULT_PRESET = 30;
export const MAX_RANGE_DAYS = 366;

const RangeQuery = z.object({
  days: z.coerce.number().pipe(z.union([z.literal(7), z.literal(30), z.literal(90)])).optional().catch(undefined),
  from: z.string().refine(isDay).optional().catch(undefined),
  to: z.string().refine(isDay).optional().catch(undefined),
});

/** A custom range when it is a valid one, else a preset ending today on the shop's clock. */
export function rangeFrom(params: URLSearchParams, today: string): { range: DayRange; preset: number | null } {
  const query = RangeQuery.parse(Object.fromEntries(params));
  if (query.from && query.to && query.from <= query.to && query.to <= today && rangeLength({ from: query.from, to: query.to }) <= MAX_RANGE_DAYS) {
    return { range: { from: query.from, to: query.to }, preset: null };
  }
  const days = query.days ?? DEFAULT_PRESET;
  return { range: lastDays(days, today), preset: days };
}

// Calendar days carry no time zone: formatted as UTC midnight, they read the same everywhere.
const dayLabel = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });
const labelOf = (day: string) => dayLabel.format(new Date(`${day}T00:00:00Z`));

export function rangeLabel(range: DayRange, preset: number | null): string {
  return preset ? `Last ${preset} days` : `${labelOf(range.from)} – ${labelOf(range.to)}`;
}
