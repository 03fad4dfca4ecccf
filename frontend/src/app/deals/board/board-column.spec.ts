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

/** A column component with the inputs every test here leaves alone (names, now, quick add). */
function createColumn(): ComponentFixture<BoardColumn> {
  TestBed.configureTestingModule({
    imports: [BoardColumn],
    providers: [
      provideZonelessChangeDetection(),
      provideHttpClient(),
      provideHttpClientTesting(),
      provideRouter([]),
    ],
  });
  const fixture = TestBed.createComponent(BoardColumn);
  fixture.componentRef.setInput('names', new Map<string, string>());
  fixture.componentRef.setInput('now', new Date('2026-03-02T10:00:00Z'));
  fixture.componentRef.setInput('quickAdd', () => Promise.resolve());
  return fixture;
}

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
    fixture = createColumn();
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

describe('BoardColumn: «Неразобранное» holds requests, not deals added by hand', () => {
  let fixture: ComponentFixture<BoardColumn>;

  const columnOf = (index: number): Column => ({
    stage: dealers.stages[index],
    count: 0,
    budgetSums: [],
    cards: [],
    nextCursor: null,
    loadingMore: false,
  });

  beforeEach(() => {
    fixture = createColumn();
  });

  const quickAdd = () => (fixture.nativeElement as HTMLElement).querySelector('app-quick-add');
  const accepts = () =>
    (fixture.componentInstance as unknown as { acceptsCard: () => boolean }).acceptsCard();

  it('offers no quick add and takes no dropped card', async () => {
    fixture.componentRef.setInput('column', columnOf(0));
    await fixture.whenStable();
    expect(quickAdd()).toBeNull();
    expect(accepts()).toBe(false);
  });

  it('an open stage offers quick add and takes cards', async () => {
    fixture.componentRef.setInput('column', columnOf(1));
    await fixture.whenStable();
    expect(quickAdd()).not.toBeNull();
    expect(accepts()).toBe(true);
  });
});

describe('BoardColumn: a card’s task flag says what it means without a hover', () => {
  let fixture: ComponentFixture<BoardColumn>;
  const now = new Date('2026-11-27T09:00:00Z'); // Friday 12:00 in Moscow

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [BoardColumn],
      providers: [provideZonelessChangeDetection(), provideRouter([])],
    });
    TestBed.inject(I18n).useTimeZone('Europe/Moscow');
    fixture = TestBed.createComponent(BoardColumn);
    const column: Column = {
      stage: dealers.stages[1],
      count: 3,
      budgetSums: [],
      nextCursor: null,
      loadingMore: false,
      cards: [
        card('d1', { name: 'Без задач', openTaskCount: 0, nextTaskDue: null }),
        card('d2', { name: 'Просрочена', openTaskCount: 1, nextTaskDue: '2026-11-26T07:00:00Z' }),
        card('d3', { name: 'В срок', openTaskCount: 1, nextTaskDue: '2026-11-27T12:30:00Z' }),
      ],
    };
    fixture.componentRef.setInput('column', column);
    fixture.componentRef.setInput('names', new Map());
    fixture.componentRef.setInput('now', now);
    fixture.componentRef.setInput('quickAdd', () => Promise.resolve());
    // The cards are rendered by the virtual scroll once it has measured: wait for them, not for a time.
    await vi.waitFor(async () => {
      await fixture.whenStable();
      expect(
        (fixture.nativeElement as HTMLElement).querySelectorAll('[data-testid=deal-card]'),
      ).toHaveLength(3);
    });
  });

  const flag = (name: string) =>
    [...(fixture.nativeElement as HTMLElement).querySelectorAll('[data-testid=deal-card]')]
      .find((c) => c.textContent?.includes(name))!
      .querySelector<HTMLElement>('[data-testid=task-flag]')!;

  it('the red «!» reads «нет задач», on screen and to a screen reader', () => {
    expect(flag('Без задач').textContent?.trim()).toContain('нет задач');
    expect(flag('Без задач').getAttribute('role')).toBe('img');
    expect(flag('Без задач').getAttribute('aria-label')).toBe('Нет задач');
  });

  it('the clock reads «просрочена», and says since when in its label', () => {
    expect(flag('Просрочена').textContent?.trim()).toContain('просрочена');
    expect(flag('Просрочена').getAttribute('aria-label')).toBe('Задача просрочена: вчера 10:00');
    expect(flag('Просрочена').getAttribute('title')).toBe('Задача просрочена: вчера 10:00');
  });

  it('a task on time shows when it is due', () => {
    expect(flag('В срок').textContent?.trim()).toContain('сегодня 15:30');
  });
});
