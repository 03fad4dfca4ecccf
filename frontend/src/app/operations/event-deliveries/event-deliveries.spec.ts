import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { of } from 'rxjs';
import { settle } from '../../shared/testing/settle';
import { FailedDelivery } from '../data-access/deliveries-api';
import { EventDeliveries } from './event-deliveries';

const dead: FailedDelivery = {
  eventId: '0193a1f0-0000-7000-8000-000000000001',
  handler: 'Tasks.CopyDeals',
  eventType: 'Crm.Modules.Deals.Contracts.DealCreated',
  aggregateId: '0193a1f0-0000-7000-8000-0000000000aa',
  occurredAt: '2026-12-05T09:00:00Z',
  attempts: 1,
  dead: true,
  lastFailedAt: '2026-12-05T09:00:01Z',
  nextAttemptAt: '2026-12-05T09:00:01Z',
  lastError:
    'PoisonEventException: the payload does not deserialise\n   at Crm.BuildingBlocks.Events',
  payload: '{"deal":{"name":"Поставка"}}',
  handlerKnown: true,
};

describe('EventDeliveries', () => {
  let fixture: ComponentFixture<EventDeliveries>;
  let backend: HttpTestingController;
  let snackBar: MatSnackBar;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [EventDeliveries],
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    snackBar = TestBed.inject(MatSnackBar);
    fixture = TestBed.createComponent(EventDeliveries);
    fixture.detectChanges();
  });

  afterEach(() => backend.verify());

  const failuresRequest = (deadOnly: boolean) =>
    backend.expectOne(
      (r) =>
        r.method === 'GET' &&
        r.url === '/api/admin/bus/failures' &&
        r.params.get('dead') === String(deadOnly),
    );
  const text = () => (fixture.nativeElement as HTMLElement).textContent ?? '';
  const button = (label: string) =>
    [...(fixture.nativeElement as HTMLElement).querySelectorAll<HTMLButtonElement>('button')].find(
      (b) => b.textContent?.includes(label),
    )!;

  it('lists the stopped deliveries first, each with its event, handler and error', async () => {
    failuresRequest(true).flush([dead]);
    await settle(fixture);

    expect(text()).toContain('DealCreated');
    expect(text()).toContain('Tasks.CopyDeals');
    expect(text()).toContain('Остановлена');
    expect(text()).toContain('PoisonEventException: the payload does not deserialise');
    expect(button('Повторить')).toBeTruthy();
  });

  it('says so when nothing failed', async () => {
    failuresRequest(true).flush([]);
    await settle(fixture);

    expect(text()).toContain('Остановленных доставок нет.');
  });

  it('shows every failure, waiting ones with their next attempt and no retry button', async () => {
    failuresRequest(true).flush([]);
    await settle(fixture);

    button('Все сбои').click();
    failuresRequest(false).flush([{ ...dead, dead: false, attempts: 3 }]);
    await settle(fixture);

    expect(text()).toContain('Повтор в');
    expect(button('Повторить')).toBeUndefined();
  });

  it('retries a stopped delivery and reloads the list', async () => {
    const open = vi.spyOn(snackBar, 'open');
    failuresRequest(true).flush([dead]);
    await settle(fixture);

    button('Повторить').click();
    const retry = backend.expectOne(
      `/api/admin/bus/failures/${dead.eventId}/Tasks.CopyDeals/retry`,
    );
    expect(retry.request.method).toBe('POST');
    retry.flush(null, { status: 204, statusText: 'No Content' });
    await settle(fixture);
    failuresRequest(true).flush([]);
    await settle(fixture);

    expect(open).toHaveBeenCalledWith('Доставка поставлена на повтор', undefined, {
      duration: 4000,
    });
    expect(text()).toContain('Остановленных доставок нет.');
  });

  it('tells the admin when the delivery was no longer stopped', async () => {
    const open = vi.spyOn(snackBar, 'open');
    failuresRequest(true).flush([dead]);
    await settle(fixture);

    button('Повторить').click();
    backend
      .expectOne(`/api/admin/bus/failures/${dead.eventId}/Tasks.CopyDeals/retry`)
      .flush({ status: 404 }, { status: 404, statusText: 'Not Found' });
    await settle(fixture);
    failuresRequest(true).flush([]);
    await settle(fixture);

    expect(open).toHaveBeenCalledWith(
      'Эта доставка уже не остановлена: обновите список',
      'Закрыть',
      { duration: 8000 },
    );
  });

  it('offers only a discard for a handler this build no longer has, and discards after asking', async () => {
    const open = vi.spyOn(snackBar, 'open');
    const ask = vi
      .spyOn(TestBed.inject(MatDialog), 'open')
      .mockReturnValue({ afterClosed: () => of(true) } as never);
    const orphan = { ...dead, handler: 'Tasks.RemovedHandler', handlerKnown: false };
    failuresRequest(true).flush([orphan]);
    await settle(fixture);

    expect(text()).toContain('нет в этой версии');
    expect(button('Повторить')).toBeUndefined();
    button('Отбросить').click();
    expect(ask).toHaveBeenCalled();
    // the answer is read as a promise: the DELETE goes a tick after the click
    let discard!: ReturnType<HttpTestingController['expectOne']>;
    await vi.waitFor(() => {
      discard = backend.expectOne(`/api/admin/bus/failures/${dead.eventId}/Tasks.RemovedHandler`);
    });
    expect(discard.request.method).toBe('DELETE');
    discard.flush(null, { status: 204, statusText: 'No Content' });
    await vi.waitFor(() => failuresRequest(true).flush([]));
    await settle(fixture);

    expect(open).toHaveBeenCalledWith('Доставка отброшена', undefined, { duration: 4000 });
    expect(text()).toContain('Остановленных доставок нет.');
  });

  it('explains a retry refused because the handler is gone', async () => {
    const open = vi.spyOn(snackBar, 'open');
    failuresRequest(true).flush([dead]);
    await settle(fixture);

    button('Повторить').click();
    backend
      .expectOne(`/api/admin/bus/failures/${dead.eventId}/Tasks.CopyDeals/retry`)
      .flush({ status: 409 }, { status: 409, statusText: 'Conflict' });
    await vi.waitFor(() => failuresRequest(true).flush([dead]));
    await settle(fixture);

    expect(open).toHaveBeenCalledWith(
      expect.stringContaining('В этой версии нет такого обработчика'),
      'Закрыть',
      { duration: 8000 },
    );
  });
});
