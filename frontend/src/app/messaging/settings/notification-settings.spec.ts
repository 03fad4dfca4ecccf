import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { I18n } from '../../shared/i18n/i18n';
import { settle } from '../../shared/testing/settle';
import { NotificationSettingsPage } from './notification-settings';

const URL = '/api/messaging/notifications/settings';
const ALL_ON = {
  mention: true,
  taskReminder: true,
  taskOverdue: true,
  dealAssigned: true,
  chatMessage: true,
  inboxRequest: true,
};

describe('NotificationSettingsPage', () => {
  let fixture: ComponentFixture<NotificationSettingsPage>;
  let http: HttpTestingController;
  let element: HTMLElement;

  const row = (kind: string) => element.querySelector<HTMLElement>(`[data-kind="${kind}"]`)!;
  const toggle = (kind: string) =>
    row(kind).querySelector<HTMLButtonElement>('button[role="switch"]')!;
  const isOn = (kind: string) => toggle(kind).getAttribute('aria-checked') === 'true';

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [NotificationSettingsPage],
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(NotificationSettingsPage);
    element = fixture.nativeElement;
    fixture.detectChanges();
  });

  afterEach(() => http.verify());

  it('lists every kind in Russian with the server’s state, and turns one off with a PUT of that kind only', async () => {
    http.expectOne(URL).flush({ kinds: { ...ALL_ON, taskOverdue: false } });
    await settle(fixture);

    expect(element.querySelector('h1')?.textContent).toContain('Уведомления');
    expect(row('taskReminder').textContent).toContain('Напоминания о задачах');
    expect(row('taskOverdue').textContent).toContain('Просроченные задачи');
    expect(row('mention').textContent).toContain('Упоминания в Ленте');
    expect(row('inboxRequest').textContent).toContain('Новые заявки');
    expect(isOn('taskReminder')).toBe(true);
    expect(isOn('taskOverdue')).toBe(false);

    toggle('taskReminder').click();
    await settle(fixture);
    const put = http.expectOne({ method: 'PUT', url: URL });
    expect(put.request.body).toEqual({ kinds: { taskReminder: false } });
    // Applied at once, before the answer.
    expect(isOn('taskReminder')).toBe(false);
    put.flush({ kinds: { ...ALL_ON, taskOverdue: false, taskReminder: false } });
    await settle(fixture);
    expect(isOn('taskReminder')).toBe(false);
    expect(isOn('taskOverdue')).toBe(false);
  });

  it('puts a switch back and says why when the server refuses', async () => {
    http.expectOne(URL).flush({ kinds: ALL_ON });
    await settle(fixture);

    toggle('mention').click();
    await settle(fixture);
    http
      .expectOne({ method: 'PUT', url: URL })
      .flush(
        { title: 'Нет такого вида уведомлений', status: 400 },
        { status: 400, statusText: 'Bad Request' },
      );
    await settle(fixture);
    expect(isOn('mention')).toBe(true);
    expect(document.body.textContent).toContain('Настройка не сохранилась');
  });

  it('speaks English when the user chose it', async () => {
    TestBed.inject(I18n).use('en');
    http.expectOne(URL).flush({ kinds: ALL_ON });
    await settle(fixture);
    expect(row('taskReminder').textContent).toContain('Task reminders');
    expect(row('chatMessage').textContent).toContain('Chat messages');
  });
});
