// Money as Shopify sends it: decimal strings ("404.95", "8000" for yen) in a currency whose
// minor unit is not always the cent. Conversions work on the digits of the string, never through
// binary floating point, so "0.29" is 29 cents and a three-decimal dinar keeps its fils.

/**
 * Currencies whose minor unit is not 1/100, from ISO 4217 List One (SIX Group, "Current currency
 * & funds code list", column "Minor unit"). Every other code has 2.
 * Intl (CLDR) disagrees on some codes and is deliberately not followed: CLDR gives 0 decimals for
 * AFN, ALL, COP, HUF, IDR, IQD, IRR, KPW, LAK, LBP, MGA, MMK, PKR, SLL, SOS, SYP and YER, because
 * their coins are little used, while ISO 4217 (and so the amounts in payloads) keeps 2 (3 for IQD).
 */
const MINOR_UNIT_DIGITS: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

/** Decimal places of a currency's minor unit: JPY 0, USD 2, KWD 3. */
export function minorUnitDigits(currency: string): number {
  return MINOR_UNIT_DIGITS[currency.trim().toUpperCase()] ?? 2;
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d*))?$/;

/**
 * "45", "45.5", 45.5 → minor units of a currency with `digits` decimals; digits beyond them are
 * rounded half away from zero. Null when the text is not a plain decimal number.
 */
export function decimalToMinor(amount: string | number, digits: number): number | null {
  const text = typeof amount === "number" ? amount.toFixed(Math.min(digits + 4, 20)) : amount.trim();
  const match = DECIMAL.exec(text);
  if (!match) return null;
  const fraction = (match[3] ?? "").padEnd(digits + 1, "0");
  let minor = Number(match[2]) * 10 ** digits + Number(fraction.slice(0, digits) || "0");
  if (Number(fraction[digits]) >= 5) minor += 1;
  return match[1] === "-" && minor !== 0 ? -minor : minor;
}

/**
 * An amount a merchant typed ("5", "4.5", "4,50") in minor units, with at most `digits` decimals
 * and 12 whole digits; null for anything else (a sign, an exponent, too many decimals: never rounded).
 */
export function parseTypedAmount(input: string, digits: number): number | null {
  const value = input.trim().replace(/^(\d+),(\d+)$/, "$1.$2");
  const match = /^(\d{1,12})(?:\.(\d+))?$/.exec(value);
  if (!match || (match[2] ?? "").length > digits) return null;
  return Number(match[1]) * 10 ** digits + Number((match[2] ?? "").padEnd(digits, "0") || "0");
}

/** Minor units back to a decimal string with exactly `digits` decimals: (4550, 2) → "45.50". */
export function minorToDecimal(minor: number, digits: number): string {
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  if (digits === 0) return `${sign}${abs}`;
  const unit = 10 ** digits;
  return `${sign}${Math.floor(abs / unit)}.${String(abs % unit).padStart(digits, "0")}`;
}

/** A stored amount ("19.99" EUR, "8000" JPY) in the currency's minor units (1999, 8000). */
export function toMinorUnits(amount: string, currency: string): number {
  const minor = decimalToMinor(amount, minorUnitDigits(currency));
  // Stored amounts passed the webhook schema (app/webhooks/fields.ts): anything else is a bug, not input.
  if (minor === null) throw new Error(`Not a decimal amount: ${JSON.stringify(amount)}`);
  return minor;
}

/** Minor units as the decimal string Shopify and the app's rows use: (1999, "EUR") → "19.99", (8000, "JPY") → "8000". */
export function fromMinorUnits(minor: number, currency: string): string {
  return minorToDecimal(minor, minorUnitDigits(currency));
}

/** Whole units of the currency, rounded down: 4299 cents → 42. */
export function wholeUnits(minor: number, currency: string): number {
  return Math.floor(minor / 10 ** minorUnitDigits(currency));
}

/** The amount written with the currency's decimals: ("45", "EUR") → "45.00", ("8000.0", "JPY") → "8000"; null if not a number. */
export function normalizeAmount(amount: string | number, currency: string): string | null {
  const digits = minorUnitDigits(currency);
  const minor = decimalToMinor(amount, digits);
  return minor === null ? null : minorToDecimal(minor, digits);
}

/**
 * "€45.00", "¥8,000"; the code after the number when Intl does not know the currency.
 * `wholeUnits` leaves the decimals out ("$500"), for amounts set in whole units such as tier thresholds.
 */
export function formatMoney(amount: string | number, currency: string, { locale = "en", wholeUnits = false } = {}): string {
  const digits = wholeUnits ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {};
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency, ...digits }).format(Number(amount));
  } catch {
    return `${amount} ${currency}`;
  }
}
