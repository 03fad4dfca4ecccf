import { formatFileSize } from './file-size';

/** ICU puts a plain or a no-break space between number and unit, by version: either is fine. */
const size = (bytes: number, locale: string) => formatFileSize(bytes, locale).replace(/\s/g, ' ');

describe('file sizes in the locale', () => {
  it('bytes, kilobytes and megabytes, one decimal at most', () => {
    expect(size(0, 'ru-RU')).toBe('0 Б');
    expect(size(512, 'ru-RU')).toBe('512 Б');
    expect(size(48_213, 'ru-RU')).toBe('47,1 кБ');
    expect(size(6 * 1024 * 1024 + 300_000, 'ru-RU')).toBe('6,3 МБ');
    expect(size(48_213, 'en-GB')).toBe('47.1 kB');
    expect(size(5 * 1024 * 1024, 'en-GB')).toBe('5 MB');
  });
});
