const KB = 1024;
const MB = 1024 * KB;

/**
 * A file's size as people read it, in the locale: "512 Б", "47,1 кБ", "6,3 МБ" (binary
 * multiples, as file managers show them; one decimal at most).
 */
export function formatFileSize(bytes: number, locale: string): string {
  const [value, unit] =
    bytes < KB ? [bytes, 'byte'] : bytes < MB ? [bytes / KB, 'kilobyte'] : [bytes / MB, 'megabyte'];
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit,
    unitDisplay: 'short',
    maximumFractionDigits: 1,
  }).format(value);
}
