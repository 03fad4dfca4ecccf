import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { settle } from '../../shared/testing/settle';
import { Regions } from './regions';

describe('Regions (Settings → «Регионы менеджеров»)', () => {
  let fixture: ComponentFixture<Regions>;
  let element: HTMLElement;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [Regions],
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(Regions);
    element = fixture.nativeElement;
    await fixture.whenStable();
    http.expectOne('/api/inbox/regions').flush([
      { userId: 'u1', displayName: 'Анна Петрова', regions: ['Свердловская обл'] },
      { userId: 'u2', displayName: 'Борис Смирнов', regions: [] },
    ]);
    await settle(fixture);
  });

  afterEach(() => http.verify());

  const rows = () => [...element.querySelectorAll<HTMLElement>('[data-testid=user-regions]')];
  const chips = (row: HTMLElement) =>
    [...row.querySelectorAll('mat-chip-row')].map((c) =>
      c.textContent!.replace('cancel', '').trim(),
    );

  function type(row: HTMLElement, text: string): void {
    const input = row.querySelector<HTMLInputElement>('input')!;
    input.value = text;
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', keyCode: 13, bubbles: true }));
  }

  it('shows every active user with the regions they cover', () => {
    expect(rows().map((r) => r.querySelector('.who')!.textContent!.trim())).toEqual([
      'Анна Петрова',
      'Борис Смирнов',
    ]);
    expect(chips(rows()[0])).toEqual(['Свердловская обл']);
    expect(chips(rows()[1])).toEqual([]);
  });

  it('a region typed and Enter saves the user’s whole list; the server’s answer is shown', async () => {
    type(rows()[0], 'Пермский край');
    await settle(fixture);
    expect(chips(rows()[0])).toEqual(['Свердловская обл', 'Пермский край']);
    const put = http.expectOne({ method: 'PUT', url: '/api/inbox/regions/u1' });
    expect(put.request.body).toEqual({ regions: ['Свердловская обл', 'Пермский край'] });
    put.flush({
      userId: 'u1',
      displayName: 'Анна Петрова',
      regions: ['Пермский край', 'Свердловская обл'],
    });
    await settle(fixture);
    expect(chips(rows()[0])).toEqual(['Пермский край', 'Свердловская обл']);
  });

  it('removing a chip saves the rest', async () => {
    rows()[0].querySelector<HTMLButtonElement>('button[matChipRemove]')!.click();
    await fixture.whenStable();
    const put = http.expectOne('/api/inbox/regions/u1');
    expect(put.request.body).toEqual({ regions: [] });
    put.flush({ userId: 'u1', displayName: 'Анна Петрова', regions: [] });
    await settle(fixture);
    expect(chips(rows()[0])).toEqual([]);
  });

  it('a refused change goes back, with the server’s reason in the row', async () => {
    type(rows()[1], 'Москва');
    http
      .expectOne('/api/inbox/regions/u2')
      .flush(
        { status: 400, errors: { 'regions[0]': ['Слишком длинное название'] } },
        { status: 400, statusText: 'Bad Request' },
      );
    await fixture.whenStable();
    await settle(fixture);
    expect(chips(rows()[1])).toEqual([]);
    expect(rows()[1].textContent).toContain('Слишком длинное название');
  });
});
