import { formatMoney, formatMoneySums } from './money';

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

  it('writes currencies without a sign of their own by code, so "¥" never means two currencies', () => {
    expect(formatMoney(1000, 'ru-RU', 'CNY')).toBe(`1${nbsp}000${nbsp}¥`);
    expect(formatMoney(1000, 'ru-RU', 'JPY')).toBe(`1${nbsp}000${nbsp}JPY`);
    expect(formatMoney(1000, 'en-GB', 'BYN')).toBe(`BYN${nbsp}1,000`);
  });
});

describe('formatMoneySums (a board column header)', () => {
  const mixed = [
    { currency: 'RUB', amount: 1000 },
    { currency: 'USD', amount: 1000 },
  ];

  it('shows one sum per currency, never one figure for both', () => {
    expect(formatMoneySums(mixed, 'ru-RU')).toBe(`1${nbsp}000${nbsp}₽ · 1${nbsp}000${nbsp}$`);
    expect(formatMoneySums(mixed, 'en-GB')).toBe('₽1,000 · $1,000');
  });

  it('follows the locale for separators, kopecks and the place of the sign', () => {
    const sums = [
      { currency: 'RUB', amount: 150_000 },
      { currency: 'EUR', amount: 1234.5 },
      { currency: 'KZT', amount: 2_000_000 },
    ];
    expect(formatMoneySums(sums, 'ru-RU')).toBe(
      `150${nbsp}000${nbsp}₽ · 1${nbsp}234,50${nbsp}€ · 2${nbsp}000${nbsp}000${nbsp}₸`,
    );
    expect(formatMoneySums(sums, 'en-GB')).toBe('₽150,000 · €1,234.50 · ₸2,000,000');
  });

  it('reads an empty column as zero roubles, as before', () => {
    expect(formatMoneySums([], 'ru-RU')).toBe(`0${nbsp}₽`);
    expect(formatMoneySums([], 'en-GB')).toBe('₽0');
  });

  it('keeps a single currency short', () => {
    expect(formatMoneySums([{ currency: 'USD', amount: 99.99 }], 'en-GB')).toBe('$99.99');
  });
});
