import { formatAmount, parseAmount } from './amount';

const nbsp = '\u00a0';

describe('amounts typed and shown in the locale', () => {
  it('shows an amount grouped, in the locale', () => {
    expect(formatAmount(250000, 'ru-RU')).toBe(`250${nbsp}000`);
    expect(formatAmount(250000.5, 'ru-RU')).toBe(`250${nbsp}000,50`);
    expect(formatAmount(250000.5, 'en-GB')).toBe('250,000.50');
    expect(formatAmount(1234567.125, 'ru-RU', 3)).toBe(`1${nbsp}234${nbsp}567,125`);
  });

  it('reads what a Russian user types or pastes', () => {
    expect(parseAmount('250000', 'ru-RU')).toBe(250000);
    expect(parseAmount('250 000', 'ru-RU')).toBe(250000);
    expect(parseAmount(`250${nbsp}000`, 'ru-RU')).toBe(250000);
    expect(parseAmount('250\u202f000,50', 'ru-RU')).toBe(250000.5);
    expect(parseAmount('250000,50', 'ru-RU')).toBe(250000.5);
    expect(parseAmount('250 000 ₽', 'ru-RU')).toBe(250000);
    expect(parseAmount('1.5', 'ru-RU')).toBe(1.5);
    expect(parseAmount('1.250.000,5', 'ru-RU')).toBe(1250000.5);
    expect(parseAmount('  ', 'ru-RU')).toBeNull();
  });

  it('reads what an English user types or pastes', () => {
    expect(parseAmount('250,000', 'en-GB')).toBe(250000);
    expect(parseAmount('250,000.50', 'en-GB')).toBe(250000.5);
    expect(parseAmount('250000,50', 'en-GB')).toBe(250000.5);
    expect(parseAmount('£1,000', 'en-GB')).toBe(1000);
  });

  it('says NaN for what is no amount', () => {
    expect(parseAmount('abc', 'ru-RU')).toBeNaN();
    expect(parseAmount('1,2,3', 'ru-RU')).toBeNaN();
    expect(parseAmount('10,505', 'ru-RU')).toBeNaN();
    expect(parseAmount('12e3', 'ru-RU')).toBeNaN();
    expect(parseAmount('10,505', 'ru-RU', 3)).toBe(10.505);
  });
});
