// The dashboard's date range, pure: the presets, the longest custom range, and the range's label
// on the range button. Read by the page in the browser too (range-query.ts reads the URL).
import type { DayRange } from "./days";

export const RANGE_PRESETS = [7, 30, 90] as const;
export const DEFAULT_PRESET = 30;
export const MAX_RANGE_DAYS = 366;

// Calendar days carry no time zone: formatted as UTC midnight, they read the same everywhere.
const dayLabel = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });
const labelOf = (day: string) => dayLabel.format(new Date(`${day}T00:00:00Z`));

export function rangeLabel(range: DayRange, preset: number | null): string {
  return preset ? `Last ${preset} days` : `${labelOf(range.from)} – ${labelOf(range.to)}`;
}
