import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router, provideRouter } from '@angular/router';
import { dealers } from '../../deals/testing/fixtures';
import { me, signedInAs } from '../../identity/testing/session';
import { I18n } from '../../shared/i18n/i18n';
import { CrmHub } from '../../shared/realtime/crm-hub';
import { FakeCrmHub, provideFakeCrmHub } from '../../shared/realtime/fake-crm-hub';
import { settle } from '../../shared/testing/settle';
import { RequestCards } from '../request-card/request-cards';
import { changed, inboxRequest, requestPage } from '../testing/fixtures';
import { InboxRequests } from './inbox-requests';

@Component({ template: '' })
class Blank {}

describe('InboxRequests (/inbox, «Заявки»)', () => {
  let fixture: ComponentFixture<InboxRequests>;
  let element: HTMLElement;
  let http: HttpTestingController;
  let hub: FakeCrmHub;
  let snacks: string[];
  let opened: string[];

  async function create(url: string, role: 'Manager' | 'Admin' = 'Manager'): Promise<void> {
    snacks = [];
    opened = [];
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'inbox', component: InboxRequests },
          { path: '**', component: Blank },
        ]),
        provideFakeCrmHub(),
        signedInAs(me('u1', role)),
        { provide: MatSnackBar, useValue: { open: (text: string) => snacks.push(text) } },
        {
          provide: RequestCards,
          useValue: {
            open: (id: string) => {
              opened.push(id);
              return Promise.resolve(undefined);
            },
          },
        },
      ],
    });
    TestBed.inject(I18n).useTimeZone('Europe/Moscow');
    http = TestBed.inject(HttpTestingController);
    hub = TestBed.inject(CrmHub) as unknown as FakeCrmHub;
    await TestBed.inject(Router).navigateByUrl(url);
    fixture = TestBed.createComponent(InboxRequests);
    element = fixture.nativeElement;
    await fixture.whenStable();
    http.match((r) => r.url === '/api/pipelines').forEach((r) => r.flush([dealers]));
    await settle(fixture);
  }

  const list = () => http.expectOne((r) => r.url === '/api/inbox/requests');
  const rows = () => [...element.querySelectorAll<HTMLElement>('[data-testid=request-row]')];
  const button = (text: string) =>
    [...element.querySelectorAll<HTMLButtonElement>('button')].find(
      (b) =>
        b.textContent?.replace(b.querySelector('mat-icon')?.textContent ?? '', '').trim() === text,
    );

  afterEach(() => http.verify());

  it('lists the new requests of every pipeline by default, live from every pipeline', async () => {
    await create('/inbox');
    const request = list();
    expect(request.request.params.get('status')).toBe('new');
    expect(request.request.params.has('pipelineId')).toBe(false);
    request.flush(requestPage([inboxRequest('r1', { subject: 'Кресла' })], null, 1));
    await settle(fixture);
    expect(rows()).toHaveLength(1);
    expect(rows()[0].textContent).toContain('Клиент r1');
    expect(rows()[0].textContent).toContain('Кресла');
    expect(rows()[0].textContent).toContain('Форма на сайте');
    expect(rows()[0].textContent).toContain('Новые дилеры');
    expect(hub.topics.has('pipeline:p1')).toBe(true);

    hub.emit(
      'requestChanged',
      changed(inboxRequest('r2', { receivedAt: '2026-03-03T09:00:00Z', contactName: 'Свежая' })),
    );
    await settle(fixture);
    expect(rows()[0].textContent).toContain('Свежая');
  });

  it('«Отклонённые»: who declined and why; the filter goes to the address', async () => {
    await create('/inbox');
    list().flush(requestPage([]));
    await settle(fixture);
    expect(element.textContent).toContain('Новых заявок нет');
    button('Отклонённые')!.click();
    await settle(fixture);
    expect(TestBed.inject(Router).url).toBe('/inbox?status=declined');
    const declined = list();
    expect(declined.request.params.get('status')).toBe('declined');
    declined.flush(
      requestPage([
        inboxRequest('r1', {
          status: 'declined',
          decidedByName: 'Ольга Смирнова',
          decidedAt: '2026-03-02T10:00:00Z',
          declineReason: 'Не наш регион',
        }),
      ]),
    );
    await settle(fixture);
    expect(rows()[0].textContent).toContain('Ольга Смирнова');
    expect(rows()[0].textContent).toContain('Не наш регион');
    // Restoring is for admins.
    expect(button('Вернуть')).toBeUndefined();
  });

  it('a pipeline chosen asks only its requests', async () => {
    await create('/inbox?pipelineId=p1&status=accepted');
    const request = list();
    expect(request.request.params.get('pipelineId')).toBe('p1');
    expect(request.request.params.get('status')).toBe('accepted');
    request.flush(requestPage([]));
    await settle(fixture);
    expect(element.textContent).toContain('Принятых заявок пока нет');
  });

  it('an admin returns a declined request to «Неразобранное»', async () => {
    await create('/inbox?status=declined', 'Admin');
    list().flush(requestPage([inboxRequest('r1', { status: 'declined' })]));
    await settle(fixture);
    button('Вернуть')!.click();
    http.expectOne('/api/inbox/requests/r1/restore').flush(inboxRequest('r1', { version: 3 }));
    await settle(fixture);
    expect(rows()).toHaveLength(0);
    expect(snacks).toEqual(['Заявка «Клиент r1» снова в «Неразобранном»']);
  });

  it('«Показать ещё» asks the next page with the cursor', async () => {
    await create('/inbox');
    list().flush(requestPage([inboxRequest('r2')], 'c1', 2));
    await settle(fixture);
    button('Показать ещё')!.click();
    const next = list();
    expect(next.request.params.get('after')).toBe('c1');
    next.flush(requestPage([inboxRequest('r1')], null, 2));
    await settle(fixture);
    expect(rows()).toHaveLength(2);
    expect(button('Показать ещё')).toBeUndefined();
  });

  it('a row opens the request’s card, and ?request= opens one from a link', async () => {
    await create('/inbox?request=r9');
    list().flush(requestPage([inboxRequest('r1')]));
    await settle(fixture);
    expect(opened).toEqual(['r9']);
    expect(TestBed.inject(Router).url).toBe('/inbox');
    element.querySelector<HTMLButtonElement>('.name-link')!.click();
    await settle(fixture);
    expect(opened).toEqual(['r9', 'r1']);
  });
});
