import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { MAX_PER_KIND } from '../data-access/global-search-api';
import { SearchResults } from './search-results';

@Component({ template: '' })
class Blank {}

describe('SearchResults', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'search', component: SearchResults },
          { path: '**', component: Blank },
        ]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('shows every kind found for the query in the URL, with links to the cards and to «Списки»', async () => {
    const harness = await RouterTestingHarness.create('/search?q=%D1%80%D0%BE%D0%BC');
    const asked = await vi.waitFor(() => {
      const all = http.match((r) => r.params.get('q') === 'ром');
      expect(all).toHaveLength(4);
      return all;
    });
    expect(asked.every((r) => r.request.params.get('limit') === String(MAX_PER_KIND))).toBe(true);
    for (const req of asked) {
      if (
        req.request.url === '/api/directory/suggest' &&
        req.request.params.get('kind') === 'company'
      ) {
        req.flush([
          {
            kind: 'company',
            id: 'c1',
            name: 'ООО Ромашка',
            email: 'info@romashka.ru',
            matchedOn: 'name',
          },
        ]);
      } else if (req.request.url === '/api/tasks/search') {
        req.flush({
          items: [
            {
              id: 't1',
              text: 'Отправить КП Ромашке',
              dueAt: '2026-12-10T09:00:00Z',
              completedAt: '2026-12-09T09:00:00Z',
              linkKind: null,
              linkId: null,
              linkName: null,
            },
          ],
        });
      } else {
        req.flush(req.request.url.includes('suggest') ? [] : { items: [] });
      }
    }
    await harness.fixture.whenStable();
    const root: HTMLElement = harness.routeNativeElement!;

    const kinds = [...root.querySelectorAll<HTMLElement>('section.group')].map(
      (g) => g.dataset['kind'],
    );
    expect(kinds).toEqual(['company', 'task']);
    const company = root.querySelector<HTMLAnchorElement>('[data-kind="company"] li a')!;
    expect(company.getAttribute('href')).toBe('/lists/companies/c1');
    expect(root.querySelector<HTMLAnchorElement>('.in-list')!.getAttribute('href')).toBe(
      '/lists/companies?q=%D1%80%D0%BE%D0%BC',
    );
    const task = root.querySelector<HTMLElement>('[data-kind="task"] li')!;
    expect(task.classList).toContain('done');
    expect(task.querySelector('a')!.getAttribute('href')).toBe('/tasks');

    // searching again changes the URL
    const field = root.querySelector<HTMLInputElement>('[data-testid="search-results-field"]')!;
    field.value = 'ёлка';
    field.form!.dispatchEvent(new Event('submit'));
    await vi.waitFor(() =>
      expect(TestBed.inject(Router).url).toBe('/search?q=%D1%91%D0%BB%D0%BA%D0%B0'),
    );
    http
      .match(() => true)
      .forEach((req) => req.flush(req.request.url.includes('suggest') ? [] : { items: [] }));
  });
});
