import { provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  TestRequest,
  provideHttpClientTesting,
} from '@angular/common/http/testing';
import { Component, provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { settle } from '../../shared/testing/settle';
import { GlobalSearch, SUGGESTIONS_PER_KIND, TYPING_PAUSE } from './global-search';

@Component({ template: '' })
class Blank {}

describe('GlobalSearch', () => {
  let fixture: ComponentFixture<GlobalSearch>;
  let http: HttpTestingController;
  let router: Router;
  let input: HTMLInputElement;

  const options = () => [...document.querySelectorAll<HTMLElement>('[role="option"]')];
  const groupTitles = () =>
    [...document.querySelectorAll<HTMLElement>('.group-title')].map((g) => g.textContent?.trim());
  const press = (key: string, init: KeyboardEventInit = {}) => {
    input.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, ...init }));
    fixture.detectChanges();
  };

  async function type(text: string): Promise<void> {
    input.value = text;
    input.dispatchEvent(new Event('input'));
    TestBed.tick(); // runs the effect that hands the query to the search
  }

  /** The four searches of one query, once the pause in typing has passed. */
  async function searches(
    q: string,
  ): Promise<Record<'deals' | 'companies' | 'contacts' | 'tasks', TestRequest>> {
    const one = (path: string, kind?: string) => {
      let found: TestRequest | undefined;
      return vi.waitFor(() => {
        found ??= http.expectOne(
          (r) =>
            r.url === path &&
            r.params.get('q') === q &&
            (kind === undefined || r.params.get('kind') === kind),
        );
        return found;
      });
    };
    const deals = await one('/api/deals/search');
    expect(deals.request.params.get('limit')).toBe(String(SUGGESTIONS_PER_KIND));
    return {
      deals,
      companies: await one('/api/directory/suggest', 'company'),
      contacts: await one('/api/directory/suggest', 'contact'),
      tasks: await one('/api/tasks/search'),
    };
  }

  function create(): void {
    fixture = TestBed.createComponent(GlobalSearch);
    document.body.appendChild(fixture.nativeElement);
    fixture.detectChanges();
    input = fixture.nativeElement.querySelector('input[role="combobox"]');
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [GlobalSearch],
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: '**', component: Blank }]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
  });

  afterEach(() => {
    http.verify();
    fixture.nativeElement.remove();
  });

  it('groups what each module found, deals first, and walks them with the arrow keys', async () => {
    create();
    input.focus();
    await type('ёлк');
    const r = await searches('ёлк');
    r.tasks.flush({
      items: [
        {
          id: 't1',
          text: 'Позвонить про ёлки',
          dueAt: '2026-12-10T09:00:00Z',
          completedAt: null,
          linkKind: 'deal',
          linkId: 'd1',
          linkName: 'Ёлки к Новому году',
        },
      ],
    });
    r.contacts.flush([]);
    r.companies.flush([
      { kind: 'company', id: 'c1', name: 'ООО Ёлка', phone: '+7 916 123-45-67', matchedOn: 'name' },
    ]);
    r.deals.flush({
      items: [
        {
          id: 'd1',
          number: 12,
          name: 'Ёлки к Новому году',
          pipelineId: 'p',
          pipelineName: 'Новые дилеры',
          stageId: 's',
          stageName: 'Переговоры',
          companyName: 'ООО Ёлка',
          responsibleId: 'u',
          closed: false,
        },
      ],
    });
    await settle(fixture);

    expect(groupTitles()).toEqual(['Сделки', 'Компании', 'Задачи']);
    expect(options().map((o) => o.dataset['kind'])).toEqual(['deal', 'company', 'task']);
    expect(options()[0].textContent).toContain('#12 · Новые дилеры · Переговоры · ООО Ёлка');
    expect(input.getAttribute('aria-expanded')).toBe('true');

    press('ArrowDown');
    expect(input.getAttribute('aria-activedescendant')).toBe(options()[0].id);
    press('ArrowDown');
    press('ArrowDown');
    expect(options()[2].getAttribute('aria-selected')).toBe('true');
    press('ArrowDown'); // wraps to the first
    expect(options()[0].getAttribute('aria-selected')).toBe('true');
    press('ArrowUp'); // and back to the last
    expect(options()[2].getAttribute('aria-selected')).toBe('true');

    // a task opens the card it is on
    const navigate = vi.spyOn(router, 'navigate');
    press('Enter');
    expect(navigate).toHaveBeenCalledWith(['/deals', 'd1']);
    expect(input.value).toBe('');
    expect(input.getAttribute('aria-expanded')).toBe('false');
  });

  it('Enter with nothing chosen opens the full results; Esc closes, then clears', async () => {
    create();
    input.focus();
    await type('  ромашка ');
    const r = await searches('ромашка');
    Object.values(r).forEach((req) =>
      req.flush(req.request.url.includes('suggest') ? [] : { items: [] }),
    );
    await settle(fixture);
    expect(document.body.textContent).toContain('Ничего не найдено');

    press('Escape');
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(input.value).toBe('  ромашка ');
    press('Escape');
    expect(input.value).toBe('');

    await type('ромашка');
    await settle(fixture);
    const navigate = vi.spyOn(router, 'navigate');
    press('Enter');
    expect(navigate).toHaveBeenCalledWith(['/search'], { queryParams: { q: 'ромашка' } });
    http
      .match(() => true)
      .forEach((req) => req.flush(req.request.url.includes('suggest') ? [] : { items: [] }));
  });

  it('a module that fails says so in its group; the others still show', async () => {
    create();
    input.focus();
    await type('иван');
    const r = await searches('иван');
    r.deals.flush({ items: [] });
    r.companies.flush([]);
    r.contacts.flush([
      {
        kind: 'contact',
        id: 'k1',
        name: 'Иванов Пётр',
        companyName: 'ООО Ромашка',
        matchedOn: 'name',
      },
    ]);
    r.tasks.flush(null, { status: 500, statusText: 'Server Error' });
    await settle(fixture);

    expect(groupTitles()).toEqual(['Контакты', 'Задачи']);
    expect(document.body.textContent).toContain('Здесь поиск не ответил');
    expect(options()[0].textContent).toContain('ООО Ромашка');

    const navigate = vi.spyOn(router, 'navigate');
    options()[0].click();
    expect(navigate).toHaveBeenCalledWith(['/lists/contacts', 'k1']);
  });

  it('does not search one letter, and Ctrl+K focuses the field from anywhere', async () => {
    vi.useFakeTimers(); // before the component, whose debounce would keep a real timer
    try {
      create();
      await type('и');
      await vi.advanceTimersByTimeAsync(TYPING_PAUSE + 1);
      http.expectNone(() => true);
      expect(document.querySelector('[role="listbox"]')).toBeNull();
      // the sentinel: two letters after the same pause do search
      await type('ив');
      await vi.advanceTimersByTimeAsync(TYPING_PAUSE + 1);
      const asked = http.match((r) => r.params.get('q') === 'ив');
      expect(asked).toHaveLength(4);
      asked.forEach((req) => req.flush(req.request.url.includes('suggest') ? [] : { items: [] }));
    } finally {
      vi.useRealTimers();
    }

    input.blur();
    document.body.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'k', ctrlKey: true, bubbles: true }),
    );
    expect(document.activeElement).toBe(input);
  });
});
