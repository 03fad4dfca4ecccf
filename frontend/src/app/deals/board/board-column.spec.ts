import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { I18n } from '../../shared/i18n/i18n';
import { BoardColumn as Column } from '../data-access/board-store';
import { card, dealers } from '../testing/fixtures';
import { BoardColumn } from './board-column';

const nbsp = '\u00a0';

describe('BoardColumn header', () => {
  let fixture: ComponentFixture<BoardColumn>;
  let element: HTMLElement;

  const column = (budgetSums: Column['budgetSums'], count = 2): Column => ({
    stage: dealers.stages[1],
    count,
    budgetSums,
    cards: [card('d1', { budget: 1000 }), card('d2', { budget: 1000, currency: 'USD' })],
    nextCursor: null,
    loadingMore: false,
  });

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [BoardColumn],
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
      ],
    });
    fixture = TestBed.createComponent(BoardColumn);
    fixture.componentRef.setInput('names', new Map<string, string>());
    fixture.componentRef.setInput('now', new Date('2026-03-02T10:00:00Z'));
    fixture.componentRef.setInput('quickAdd', () => Promise.resolve());
    element = fixture.nativeElement;
  });

  const header = () => element.querySelector('header .sum')?.textContent?.trim();

  it('shows 1 000 ₽ and 1 000 $ side by side, never 2 000', async () => {
    fixture.componentRef.setInput(
      'column',
      column([
        { currency: 'RUB', amount: 1000 },
        { currency: 'USD', amount: 1000 },
      ]),
    );
    await fixture.whenStable();
    expect(header()).toBe(`1${nbsp}000${nbsp}₽ · 1${nbsp}000${nbsp}$`);
    expect(element.querySelector('header .count')?.textContent?.trim()).toBe('2');
  });

  it('formats the sums for the English locale when the user switches', async () => {
    fixture.componentRef.setInput(
      'column',
      column([
        { currency: 'RUB', amount: 150_000 },
        { currency: 'EUR', amount: 99.5 },
      ]),
    );
    TestBed.inject(I18n).use('en');
    await fixture.whenStable();
    expect(header()).toBe('₽150,000 · €99.50');
  });

  it('shows zero roubles for a column without budgets', async () => {
    fixture.componentRef.setInput('column', column([], 0));
    await fixture.whenStable();
    expect(header()).toBe(`0${nbsp}₽`);
  });
});
