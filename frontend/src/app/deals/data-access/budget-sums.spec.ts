import { addMoney, mergeSums } from './budget-sums';

describe('budget sums per currency', () => {
  it('adds money to its own currency and keeps roubles first, then the codes in order', () => {
    let sums = addMoney([], 'USD', 100);
    sums = addMoney(sums, 'EUR', 50);
    sums = addMoney(sums, 'RUB', 1000);
    sums = addMoney(sums, 'USD', 0.1);
    expect(sums).toEqual([
      { currency: 'RUB', amount: 1000 },
      { currency: 'EUR', amount: 50 },
      { currency: 'USD', amount: 100.1 },
    ]);
  });

  it('drops a currency whose sum comes to zero, and ignores a card without a budget', () => {
    const sums = [
      { currency: 'RUB', amount: 0.3 },
      { currency: 'USD', amount: 5 },
    ];
    expect(addMoney(addMoney(sums, 'RUB', -0.1), 'RUB', -0.2)).toEqual([
      { currency: 'USD', amount: 5 },
    ]);
    expect(addMoney(sums, 'EUR', 0)).toBe(sums);
  });

  it('adds up columns per currency for the board totals', () => {
    expect(
      mergeSums([
        [{ currency: 'RUB', amount: 1000 }],
        [
          { currency: 'RUB', amount: 500 },
          { currency: 'USD', amount: 1000 },
        ],
        [],
      ]),
    ).toEqual([
      { currency: 'RUB', amount: 1500 },
      { currency: 'USD', amount: 1000 },
    ]);
  });
});
