const formatters = new Map<string, Intl.NumberFormat>();

/**
 * Money for the user's locale: "150 000 ₽" in Russian, "RUB 150,000" in English. Whole
 * amounts show no kopecks, so dense columns stay short; fractions keep two digits.
 */
export function formatMoney(
  amount: number | null | undefined,
  locale: string,
  currency = 'RUB',
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
        currencyDisplay: 'narrowSymbol',
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
