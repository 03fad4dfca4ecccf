import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { DealSearchItem } from '../../deals';
import { DEALS_SHOWN, LinkSearch } from './link-search';

const deal = (id: string, overrides: Partial<DealSearchItem> = {}): DealSearchItem => ({
  id,
  number: 42,
  name: `Сделка ${id}`,
  pipelineId: 'p1',
  pipelineName: 'Продажи',
  stageId: 's1',
  stageName: 'Переговоры',
  companyName: 'ООО Ромашка',
  responsibleId: 'u1',
  closed: false,
  ...overrides,
});

describe('LinkSearch («Привязать к»)', () => {
  let search: LinkSearch;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    search = TestBed.inject(LinkSearch);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('asks Deals’ search first and Directory’s suggest, and lists deals before companies and contacts', async () => {
    const answer = firstValueFrom(search.search(' ромашка '));
    const deals = http.expectOne((r) => r.url === '/api/deals/search');
    expect(deals.request.params.get('q')).toBe('ромашка');
    expect(deals.request.params.get('limit')).toBe(String(DEALS_SHOWN));
    const directory = http.expectOne((r) => r.url === '/api/directory/suggest');
    expect(directory.request.params.get('q')).toBe('ромашка');
    directory.flush([
      { kind: 'company', id: 'c1', name: 'ООО Ромашка', phone: '+7 900 000-00-00' },
      { kind: 'contact', id: 'p1', name: 'Иван Петров', companyName: 'ООО Ромашка' },
    ]);
    deals.flush({
      items: [deal('d1'), deal('d2', { companyName: null, stageName: 'Успешно', closed: true })],
    });

    expect(await answer).toEqual([
      {
        kind: 'deal',
        id: 'd1',
        name: 'Сделка d1',
        detail: 'ООО Ромашка · Переговоры',
        closed: false,
      },
      { kind: 'deal', id: 'd2', name: 'Сделка d2', detail: 'Успешно', closed: true },
      { kind: 'company', id: 'c1', name: 'ООО Ромашка', detail: '+7 900 000-00-00' },
      { kind: 'contact', id: 'p1', name: 'Иван Петров', detail: 'ООО Ромашка' },
    ]);
  });

  it('with nothing typed offers the user’s recent deals only', async () => {
    const answer = firstValueFrom(search.search(''));
    const deals = http.expectOne((r) => r.url === '/api/deals/search');
    expect(deals.request.params.get('q')).toBe('');
    http.expectNone((r) => r.url === '/api/directory/suggest');
    deals.flush({ items: [deal('d9')] });
    expect((await answer).map((o) => o.id)).toEqual(['d9']);
  });

  it('still offers companies and contacts when the deals search fails', async () => {
    const answer = firstValueFrom(search.search('иван'));
    http
      .expectOne((r) => r.url === '/api/deals/search')
      .flush({ title: 'Ошибка' }, { status: 500, statusText: 'Server Error' });
    http
      .expectOne((r) => r.url === '/api/directory/suggest')
      .flush([{ kind: 'contact', id: 'p1', name: 'Иван Петров', email: 'ivan@example.com' }]);
    expect(await answer).toEqual([
      { kind: 'contact', id: 'p1', name: 'Иван Петров', detail: 'ivan@example.com' },
    ]);
  });
});
