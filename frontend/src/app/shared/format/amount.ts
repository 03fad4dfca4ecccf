const formats = new Map<string, Intl.NumberFormat>();
const decimals = new Map<string, string>();

function decimalOf(locale: string): string {
  let decimal = decimals.get(locale);
  if (decimal === undefined) {
    decimal =
      new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ??
      '.';
    decimals.set(locale, decimal);
  }
  return decimal;
}

/**
 * An amount as the user's locale writes it, grouped, without a currency: "250 000,5" in
 * Russian, "250,000.5" in English; a fraction keeps two digits ("250 000,50") when
 * `fractionDigits` is 2, as money does (`formatMoney`).
 */
export function formatAmount(value: number, locale: string, fractionDigits = 2): string {
  const whole = Number.isInteger(value);
  const key = `${locale}|${fractionDigits}|${whole}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      minimumFractionDigits: whole ? 0 : Math.min(2, fractionDigits),
      maximumFractionDigits: fractionDigits,
    });
    formats.set(key, format);
  }
  // Intl puts narrow no-break spaces in Russian; a plain no-break space reads the same.
  return format.format(value).replace(/\u202f/g, '\u00a0');
}

/**
 * What the user typed or pasted, read as a number: null when empty, NaN when it is no amount.
 * Spaces of any kind, apostrophes and currency signs are ignored ("250 000", "250 000 ₽"). The
 * locale's decimal mark is decimal ("250000,50" in Russian); the other mark is decimal too when
 * it stands once before one or two last digits ("1.5" in Russian, "250000,50" in English), and
 * a grouping otherwise ("250,000" in English, "1.250.000" in Russian). More fraction digits than
 * `fractionDigits` is no amount (kopecks have two).
 */
export function parseAmount(text: string, locale: string, fractionDigits = 2): number | null {
  const compact = text.replace(/[\s\u00a0\u202f'’_]|\p{Sc}/gu, '');
  if (compact === '') {
    return null;
  }
  const decimal = decimalOf(locale);
  const other = decimal === ',' ? '.' : ',';
  let normal: string;
  if (compact.includes(decimal)) {
    const [whole, ...fraction] = compact.split(decimal);
    if (fraction.length !== 1 || fraction[0].includes(other)) {
      return NaN;
    }
    normal = `${whole.split(other).join('')}.${fraction[0]}`;
  } else {
    const parts = compact.split(other);
    normal =
      parts.length === 2 && /^\d{1,2}$/.test(parts[1]) ? `${parts[0]}.${parts[1]}` : parts.join('');
  }
  const match = /^-?\d+(?:\.(\d+))?$/.exec(normal);
  if (!match || (match[1]?.length ?? 0) > fractionDigits) {
    return NaN;
  }
  return Number(normal);
}
