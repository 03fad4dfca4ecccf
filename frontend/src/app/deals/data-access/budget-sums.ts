import { DEFAULT_CURRENCY, MoneySum } from '../../shared/format/money';

const cents = (value: number) => Math.round(value * 100) / 100;

/** The server's order: the default currency (roubles) first, then by code. */
function byCurrency(a: MoneySum, b: MoneySum): number {
  if (a.currency === b.currency) {
    return 0;
  }
  if (a.currency === DEFAULT_CURRENCY || b.currency === DEFAULT_CURRENCY) {
    return a.currency === DEFAULT_CURRENCY ? -1 : 1;
  }
  return a.currency < b.currency ? -1 : 1;
}

/**
 * Adds money in one currency to a column's sums (a negative amount takes it away). A currency
 * whose sum comes to zero leaves the list, as the server leaves it out.
 */
export function addMoney(
  sums: readonly MoneySum[],
  currency: string,
  amount: number,
): readonly MoneySum[] {
  if (!amount) {
    return sums;
  }
  const current = sums.find((s) => s.currency === currency)?.amount ?? 0;
  const next = cents(current + amount);
  const others = sums.filter((s) => s.currency !== currency);
  return next > 0 ? [...others, { currency, amount: next }].sort(byCurrency) : others;
}

/** Sums of several columns added up per currency (the board's totals line). */
export function mergeSums(lists: readonly (readonly MoneySum[])[]): readonly MoneySum[] {
  return lists.reduce<readonly MoneySum[]>(
    (total, sums) => sums.reduce((t, s) => addMoney(t, s.currency, s.amount), total),
    [],
  );
}
