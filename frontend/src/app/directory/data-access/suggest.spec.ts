import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Subject, Subscription } from 'rxjs';
import { DirectoryApi } from './directory-api';
import { Suggestion } from './models';
import { SuggestState, suggestions } from './suggest';

const petr: Suggestion = {
  kind: 'contact',
  id: 'c1',
  name: 'Иванов Пётр',
  companyId: 'co1',
  companyName: 'ООО «Ромашка»',
  phone: '+7 916 123-45-67',
  email: 'petr@romashka.ru',
  matchedOn: 'phone',
};

describe('suggestions (the pickers’ stream)', () => {
  let http: HttpTestingController;
  let text: Subject<string>;
  let states: SuggestState[];
  let subscription: Subscription;
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    text = new Subject<string>();
    states = [];
    subscription = suggestions(text, TestBed.inject(DirectoryApi), () => 'contact', 10).subscribe(
      (state) => states.push(state),
    );
  });

  afterEach(() => {
    subscription.unsubscribe();
    http.verify();
  });

  it('asks nothing for fewer than 2 characters', async () => {
    text.next('и');
    await wait(20);
    http.expectNone(() => true);
    expect(states.at(-1)).toEqual({ query: 'и', items: [], loading: false, failed: false });
  });

  it('waits until typing pauses and asks once, with the kind', async () => {
    text.next('8 9');
    text.next('8 91');
    text.next(' 8 916 ');
    await wait(20);
    const request = http.expectOne((r) => r.url === '/api/directory/suggest');
    expect(request.request.params.get('q')).toBe('8 916');
    expect(request.request.params.get('kind')).toBe('contact');
    expect(states.at(-1)?.loading).toBe(true);

    request.flush([petr]);
    expect(states.at(-1)).toEqual({ query: '8 916', items: [petr], loading: false, failed: false });
  });

  it('cancels the stale request when the text changes, and keeps the old matches meanwhile', async () => {
    text.next('ива');
    await wait(20);
    const first = http.expectOne((r) => r.params.get('q') === 'ива');
    first.flush([petr]);

    text.next('иванов');
    await wait(20);
    const second = http.expectOne((r) => r.params.get('q') === 'иванов');
    expect(states.at(-1)).toEqual({ query: 'иванов', items: [petr], loading: true, failed: false });

    text.next('иванова');
    await wait(20);
    expect(second.cancelled).toBe(true);
    http.expectOne((r) => r.params.get('q') === 'иванова').flush([]);
    expect(states.at(-1)?.items).toEqual([]);
  });

  it('a failed request shows no matches instead of breaking the field', async () => {
    text.next('ромашка');
    await wait(20);
    http
      .expectOne((r) => r.url === '/api/directory/suggest')
      .flush(null, { status: 500, statusText: 'Server Error' });
    expect(states.at(-1)).toEqual({ query: 'ромашка', items: [], loading: false, failed: true });

    text.next('ромашк');
    await wait(20);
    http.expectOne((r) => r.params.get('q') === 'ромашк').flush([]);
    expect(states.at(-1)?.failed).toBe(false);
  });
});
