import { formatMoney } from './money';

const nbsp = '\u00a0';

describe('formatMoney', () => {
  it('writes roubles the Russian way, without kopecks for whole amounts', () => {
    expect(formatMoney(150_000, 'ru-RU')).toBe(`150${nbsp}000${nbsp}₽`);
    expect(formatMoney(0, 'ru-RU')).toBe(`0${nbsp}₽`);
  });

  it('keeps two decimals when there are kopecks', () => {
    expect(formatMoney(1234.5, 'ru-RU')).toBe(`1${nbsp}234,50${nbsp}₽`);
  });

  it('follows the English locale and other currencies', () => {
    expect(formatMoney(150_000, 'en-GB')).toBe('₽150,000');
    expect(formatMoney(99.99, 'en-GB', 'USD')).toBe('$99.99');
  });

  it('shows nothing for a missing budget and survives an unknown currency', () => {
    expect(formatMoney(null, 'ru-RU')).toBe('');
    expect(formatMoney(undefined, 'ru-RU')).toBe('');
    expect(formatMoney(10, 'ru-RU', 'NOPE!')).toBe('10');
  });
});
