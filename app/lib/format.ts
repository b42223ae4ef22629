// How the admin writes dates and numbers: one place, pure, so a loader (on the server) and a
// component (in the browser) produce the same text and hydration never sees a difference.

/** The admin's pages are written in English, so their dates and numbers read the English way. */
export const ADMIN_LOCALE = "en-US";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withTime}`;
  let format = formatters.get(key);
  if (!format) {
    const style: Intl.DateTimeFormatOptions = withTime ? { dateStyle: "medium", timeStyle: "short" } : { dateStyle: "medium" };
    try {
      format = new Intl.DateTimeFormat(ADMIN_LOCALE, { ...style, timeZone });
    } catch {
      // A zone this runtime does not know (Shopify's list can be newer): UTC rather than a failed page.
      format = new Intl.DateTimeFormat(ADMIN_LOCALE, { ...style, timeZone: "UTC" });
    }
    formatters.set(key, format);
  }
  return format;
}

/**
 * Dates on the shop's clock: "Mar 4, 2026, 9:05 AM", or "Mar 4, 2026" with `withTime: false`.
 * Accepts the ISO strings loader data turns dates into.
 */
export function dateFormatter(timeZone: string, { withTime = true }: { withTime?: boolean } = {}): (date: Date | string) => string {
  const format = formatterFor(timeZone, withTime);
  return (date) => format.format(typeof date === "string" ? new Date(date) : date);
}

/** A whole number with thousands separators: 12,345. */
export function formatNumber(value: number): string {
  return value.toLocaleString(ADMIN_LOCALE);
}

/** A count and its noun, singular for exactly one: "1 reward", "12,345 members". */
export function countOf(count: number, one: string, many: string): string {
  return `${formatNumber(count)} ${count === 1 ? one : many}`;
}

/** How the admin names a customer: their email, else their customer number, for rows that may have neither. */
export function customerLabel({ email, customerId }: { email: string | null; customerId: string | null }): string {
  return email ?? (customerId ? `Customer ${customerId.split("/").pop()}` : "Unknown customer");
}
