import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { stage } from '../../deals/testing/fixtures';
import { I18n } from '../../shared/i18n/i18n';
import { CrmHub } from '../../shared/realtime/crm-hub';
import { FakeCrmHub, provideFakeCrmHub } from '../../shared/realtime/fake-crm-hub';
import { settle } from '../../shared/testing/settle';
import { RequestCards } from '../request-card/request-cards';
import { changed, inboxRequest, requestPage } from '../testing/fixtures';
import { UnsortedColumn } from './unsorted-column';

describe('UnsortedColumn (the board’s «Неразобранное»)', () => {
  let fixture: ComponentFixture<UnsortedColumn>;
  let element: HTMLElement;
  let http: HttpTestingController;
  let hub: FakeCrmHub;
  let opened: string[];
  let outcome: unknown;

  beforeEach(async () => {
    opened = [];
    outcome = undefined;
    TestBed.configureTestingModule({
      imports: [UnsortedColumn],
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        provideFakeCrmHub(),
        {
          provide: RequestCards,
          useValue: {
            open: (id: string) => {
              opened.push(id);
              return Promise.resolve(outcome);
            },
          },
        },
      ],
    });
    TestBed.inject(I18n).useTimeZone('Europe/Moscow');
    http = TestBed.inject(HttpTestingController);
    hub = TestBed.inject(CrmHub) as unknown as FakeCrmHub;
    fixture = TestBed.createComponent(UnsortedColumn);
    element = fixture.nativeElement;
    fixture.componentRef.setInput('pipelineId', 'p1');
    fixture.componentRef.setInput('stage', stage('s0', 'Неразобранное', 'unsorted', 0));
    fixture.componentRef.setInput('now', new Date('2026-03-02T12:00:00Z'));
    await fixture.whenStable();
    http
      .expectOne((r) => r.url === '/api/inbox/requests' && r.params.get('pipelineId') === 'p1')
      .flush(
        requestPage(
          [
            inboxRequest('r2', {
              contactName: 'Иван Петров',
              companyName: 'Рога и копыта',
              subject: 'Кресла в офис',
              source: 'mail',
              receivedAt: '2026-03-02T10:15:00Z',
            }),
            inboxRequest('r1', { region: null, source: 'api' }),
          ],
          'c1',
          57,
        ),
      );
    await settle(fixture, { frame: true });
  });

  afterEach(() => http.verify());

  const cards = () => [...element.querySelectorAll<HTMLElement>('[data-testid=request-card]')];

  it('is a region named after the stage, counting every new request, with no budget sum', () => {
    expect(element.getAttribute('role')).toBe('region');
    expect(element.getAttribute('aria-label')).toBe('Неразобранное');
    expect(element.querySelector('.count')?.textContent?.trim()).toBe('57');
    expect(element.querySelector('.count')?.getAttribute('aria-label')).toBe('Заявок: 57');
    expect(element.textContent).not.toContain('₽');
  });

  it('shows client, company and subject, the source in words, the region and when', () => {
    const first = cards()[0].textContent!.replace(/\s+/g, ' ');
    expect(first).toContain('Иван Петров');
    expect(first).toContain('Рога и копыта · Кресла в офис');
    expect(first).toContain('Почта');
    expect(first).toContain('Свердловская обл');
    expect(first).toContain('сегодня 13:15');
    const second = cards()[1].textContent!.replace(/\s+/g, ' ');
    expect(second).toContain('API');
    expect(second).toContain('Регион не определён');
  });

  it('watches the pipeline live: a new request appears at the top, a taken one leaves', async () => {
    expect(hub.topics.has('pipeline:p1')).toBe(true);
    hub.emit(
      'requestChanged',
      changed(inboxRequest('r3', { contactName: 'Новая', receivedAt: '2026-03-02T11:00:00Z' })),
    );
    await settle(fixture, { frame: true });
    expect(cards()[0].textContent).toContain('Новая');
    expect(element.querySelector('.count')?.textContent?.trim()).toBe('58');

    hub.emit('requestChanged', changed(inboxRequest('r2', { status: 'accepted', version: 2 })));
    await settle(fixture, { frame: true });
    expect(cards().map((c) => c.dataset['requestId'])).toEqual(['r3', 'r1']);
    expect(element.querySelector('.count')?.textContent?.trim()).toBe('57');
  });

  it('opens the request’s card, and takes it out when it was accepted', async () => {
    outcome = { kind: 'accepted', request: inboxRequest('r2'), dealId: 'r2' };
    cards()[0].click();
    await settle(fixture, { frame: true });
    expect(opened).toEqual(['r2']);
    expect(cards().map((c) => c.dataset['requestId'])).toEqual(['r1']);
  });

  it('takes out a card someone else took first (409)', async () => {
    outcome = { kind: 'taken', requestId: 'r1' };
    cards()[1].click();
    await settle(fixture, { frame: true });
    expect(cards().map((c) => c.dataset['requestId'])).toEqual(['r2']);
    expect(element.querySelector('.count')?.textContent?.trim()).toBe('56');
  });

  it('re-reads after a reconnect', async () => {
    hub.reconnect();
    http.expectOne((r) => r.url === '/api/inbox/requests').flush(requestPage([]));
    await settle(fixture, { frame: true });
    expect(cards()).toEqual([]);
    expect(element.textContent).toContain('Новых запросов нет');
  });
});
