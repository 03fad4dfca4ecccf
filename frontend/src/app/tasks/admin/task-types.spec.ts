import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatSnackBar } from '@angular/material/snack-bar';
import { provideRouter } from '@angular/router';
import { settle } from '../../shared/testing/settle';
import { TaskType } from '../data-access/models';
import { TaskTypesStore } from '../data-access/task-types-store';
import { TaskTypes } from './task-types';

const type = (id: string, nameRu: string, overrides: Partial<TaskType> = {}): TaskType => ({
  id,
  code: null,
  name: nameRu,
  nameRu,
  nameEn: nameRu,
  position: 0,
  version: 1,
  ...overrides,
});
const call = type('t-call', 'Звонок', { code: 'call', nameEn: 'Call', position: 0 });
const meeting = type('t-meet', 'Встреча', { code: 'meeting', nameEn: 'Meeting', position: 1 });
const offer = type('t-offer', 'Отправить КП', { position: 4, version: 2 });

describe('TaskTypes (Settings → «Типы задач»)', () => {
  let fixture: ComponentFixture<TaskTypes>;
  let http: HttpTestingController;
  let element: HTMLElement;
  let told: string[];

  const rows = () =>
    [...element.querySelectorAll('[data-testid=task-type]')].map((row) => ({
      name: row.querySelector<HTMLInputElement>('input')!.value,
      builtIn: !!row.querySelector('.tag'),
      deletable: !!row.querySelector('button'),
    }));
  const field = (label: string) => {
    const formField = [...element.querySelectorAll('mat-form-field')].find(
      (f) => f.querySelector('mat-label')?.textContent?.trim() === label,
    )!;
    return formField.querySelector('input')!;
  };
  async function type_(input: HTMLInputElement, value: string): Promise<void> {
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await settle(fixture);
  }
  const submit = async () => {
    element.querySelector('form')!.dispatchEvent(new Event('submit'));
    await settle(fixture);
  };

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [TaskTypes],
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        // The confirm dialog closes at once, without waiting for an animation jsdom never ends.
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    told = [];
    vi.spyOn(TestBed.inject(MatSnackBar), 'open').mockImplementation((message: string) => {
      told.push(message);
      return undefined as never;
    });
    fixture = TestBed.createComponent(TaskTypes);
    element = fixture.nativeElement;
    await fixture.whenStable();
    http.expectOne('/api/tasks/types').flush([offer, meeting, call]);
    await settle(fixture);
  });

  afterEach(() => http.verify());

  it('lists the types in order; built-in ones are marked and have no delete', () => {
    expect(rows()).toEqual([
      { name: 'Звонок', builtIn: true, deletable: false },
      { name: 'Встреча', builtIn: true, deletable: false },
      { name: 'Отправить КП', builtIn: false, deletable: true },
    ]);
  });

  it('adds a type, which the task dialogs offer at once', async () => {
    await type_(field('Название'), '  Демонстрация ');
    await submit();
    const request = http.expectOne({ method: 'POST', url: '/api/tasks/types' });
    expect(request.request.body).toEqual({ nameRu: 'Демонстрация', nameEn: null });
    request.flush(type('t-demo', 'Демонстрация', { position: 5 }));
    await settle(fixture);

    expect(rows().map((r) => r.name)).toContain('Демонстрация');
    expect(
      TestBed.inject(TaskTypesStore)
        .types()
        .map((t) => t.id),
    ).toContain('t-demo');
    expect(told).toEqual(['Тип «Демонстрация» добавлен']);
    expect(field('Название').value).toBe('');
  });

  it('shows a taken name under the field, and a refusal for non-admins as a message', async () => {
    await type_(field('Название'), 'звонок');
    await submit();
    http.expectOne({ method: 'POST', url: '/api/tasks/types' }).flush(
      {
        title: 'Ошибка проверки',
        status: 400,
        errors: { nameRu: ['Такой тип задачи уже есть'] },
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle(fixture);
    expect(element.querySelector('mat-error')?.textContent).toContain('Такой тип задачи уже есть');

    await type_(field('Название'), 'Демонстрация');
    await submit();
    http
      .expectOne({ method: 'POST', url: '/api/tasks/types' })
      .flush(null, { status: 403, statusText: 'Forbidden' });
    await settle(fixture);
    expect(told).toEqual(['Недостаточно прав для этого действия. Обратитесь к администратору.']);
  });

  it('renames with the version it read; a stale version (409) puts the old name back with the message', async () => {
    const name = element.querySelectorAll<HTMLInputElement>('[data-testid=task-type] input')[0];
    name.value = 'Созвон';
    name.dispatchEvent(new Event('blur'));
    const request = http.expectOne({ method: 'PUT', url: '/api/tasks/types/t-call' });
    expect(request.request.body).toEqual({ nameRu: 'Созвон', nameEn: 'Call', version: 1 });
    request.flush({ ...call, name: 'Созвон', nameRu: 'Созвон', version: 2 });
    await settle(fixture);
    expect(told).toEqual(['Изменения сохранены']);

    const offerName = element.querySelectorAll<HTMLInputElement>(
      '[data-testid=task-type] input',
    )[4];
    offerName.value = 'Отправить предложение';
    offerName.dispatchEvent(new Event('blur'));
    http.expectOne({ method: 'PUT', url: '/api/tasks/types/t-offer' }).flush(
      {
        title: 'Конфликт',
        status: 409,
        detail: 'Тип уже изменил кто-то другой. Обновите страницу и повторите.',
      },
      { status: 409, statusText: 'Conflict' },
    );
    await settle(fixture);
    expect(offerName.value).toBe('Отправить КП');
    expect(told[1]).toBe('Тип уже изменил кто-то другой. Обновите страницу и повторите.');
  });

  it('deletes an added type after asking', async () => {
    const remove = element.querySelector<HTMLButtonElement>(
      '[aria-label="Удалить тип «Отправить КП»"]',
    )!;
    remove.click();
    await settle(fixture);
    const dialog = document.querySelector('mat-dialog-container')!;
    expect(dialog.textContent).toContain('Тип «Отправить КП» больше не будет предлагаться');
    [...dialog.querySelectorAll<HTMLButtonElement>('button')]
      .find((b) => b.textContent?.trim() === 'Удалить')!
      .click();
    await settle(fixture);
    http.expectOne({ method: 'DELETE', url: '/api/tasks/types/t-offer' }).flush(null);
    await settle(fixture);
    expect(rows().map((r) => r.name)).toEqual(['Звонок', 'Встреча']);
    expect(told).toEqual(['Тип «Отправить КП» удалён']);
  });
});
