const formatters = new Map<string, Intl.NumberFormat>();

/**
 * The currencies the deal card offers, roubles first (the server takes any ISO 4217 code in
 * circulation; an API client may use others, and a card keeps showing them).
 */
export const COMMON_CURRENCIES: readonly string[] = [
  'RUB',
  'USD',
  'EUR',
  'CNY',
  'KZT',
  'BYN',
  'UZS',
  'KGS',
  'AMD',
  'AZN',
  'GEL',
  'TRY',
  'AED',
  'GBP',
  'CHF',
  'JPY',
];

/** What a deal is in when nothing else is said: the server's default too. */
export const DEFAULT_CURRENCY = 'RUB';

/**
 * Currencies written with their sign ("₽", "$", "€"). Every other one is written with its code
 * ("1 000 BYN"): narrow signs repeat across currencies (CNY and JPY are both "¥", CAD and USD
 * both "$") or are missing from common fonts, and a column must never make two of them look alike.
 */
const SIGNED = new Set(['RUB', 'USD', 'EUR', 'CNY', 'KZT', 'GBP', 'TRY']);

/** The money of several deals in one currency (the board's sums never mix currencies). */
export interface MoneySum {
  readonly currency: string;
  readonly amount: number;
}

/**
 * Money for the user's locale: "150 000 ₽" in Russian, "₽150,000" in English. Whole
 * amounts show no kopecks, so dense columns stay short; fractions keep two digits.
 */
export function formatMoney(
  amount: number | null | undefined,
  locale: string,
  currency = DEFAULT_CURRENCY,
): string {
  if (amount === null || amount === undefined || Number.isNaN(amount)) {
    return '';
  }
  const whole = Number.isInteger(amount);
  const key = `${locale}|${currency}|${whole}`;
  let format = formatters.get(key);
  if (!format) {
    try {
      format = new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        currencyDisplay: SIGNED.has(currency) ? 'narrowSymbol' : 'code',
        minimumFractionDigits: whole ? 0 : 2,
        maximumFractionDigits: whole ? 0 : 2,
      });
    } catch {
      // An unknown currency code from the server must not break the board.
      format = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    }
    formatters.set(key, format);
  }
  // Intl puts narrow no-break spaces; plain no-break spaces read the same and match tests.
  return format.format(amount).replace(/\u202f/g, '\u00a0');
}

/**
 * A column's (or the board's) sums, one per currency, in the order given: "1 000 ₽ · 1 000 $".
 * No sums at all reads as zero roubles, as an empty column always has.
 */
export function formatMoneySums(sums: readonly MoneySum[], locale: string): string {
  if (sums.length === 0) {
    return formatMoney(0, locale, DEFAULT_CURRENCY);
  }
  return sums.map((s) => formatMoney(s.amount, locale, s.currency)).join(' · ');
}

const names = new Map<string, Intl.DisplayNames>();

/** The currency's name in the user's language ("доллар США"), or '' when the runtime has none. */
export function currencyName(code: string, locale: string): string {
  let display = names.get(locale);
  if (!display) {
    display = new Intl.DisplayNames(locale, { type: 'currency', fallback: 'none' });
    names.set(locale, display);
  }
  try {
    return display.of(code) ?? '';
  } catch {
    return '';
  }
}
