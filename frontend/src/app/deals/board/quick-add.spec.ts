import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { I18n } from '../../shared/i18n/i18n';
import { settle } from '../../shared/testing/settle';
import { provideLocaleDates } from '../../shared/time/locale-dates';
import { QuickAdd, QuickAddValue } from './quick-add';

describe('QuickAdd («Быстрое добавление»)', () => {
  let fixture: ComponentFixture<QuickAdd>;
  let element: HTMLElement;
  let saved: QuickAddValue[];
  let answer: () => Promise<unknown>;
  let http: HttpTestingController;

  beforeEach(async () => {
    localStorage.clear();
    saved = [];
    answer = () => Promise.resolve();
    TestBed.configureTestingModule({
      imports: [QuickAdd],
      providers: [
        provideZonelessChangeDetection(),
        provideLocaleDates(),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(QuickAdd);
    fixture.componentRef.setInput('stageName', 'Первичный контакт');
    fixture.componentRef.setInput('save', (value: QuickAddValue) => {
      saved.push(value);
      return answer();
    });
    element = fixture.nativeElement;
    await fixture.whenStable();
  });

  const field = (label: string) =>
    element.querySelector<HTMLInputElement>(`input[aria-label="${label}"]`)!;

  function type(label: string, value: string): void {
    field(label).value = value;
    field(label).dispatchEvent(new Event('input'));
  }

  function press(target: HTMLElement, key: string): void {
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
  }

  async function openForm(): Promise<void> {
    element.querySelector<HTMLButtonElement>('button.open')!.click();
    await settle(fixture);
  }

  it('opens from the button named after the manual, with labelled fields', async () => {
    const button = element.querySelector('button.open')!;
    expect(button.textContent).toContain('Быстрое добавление');
    expect(button.getAttribute('aria-label')).toBe('Быстрое добавление: Первичный контакт');

    await openForm();
    for (const label of ['Название', 'Бюджет', 'Компания', 'Контакт', 'Телефон контакта']) {
      expect(field(label)).toBeTruthy();
    }
    expect(document.activeElement).toBe(field('Название'));
  });

  /** The input of a Material field of the date-time field, by its label. */
  const dateTimeInput = (label: string) =>
    [...element.querySelectorAll('app-date-time-field mat-form-field')]
      .find((f) => f.querySelector('mat-label')?.textContent?.trim() === label)
      ?.querySelector<HTMLInputElement>('input') ?? null;

  async function typeInto(input: HTMLInputElement, text: string): Promise<void> {
    input.value = text;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
    await settle(fixture);
  }

  it('in a To-Do column asks for the job and its deadline, not a budget, and needs both', async () => {
    TestBed.inject(I18n).useTimeZone('Europe/Moscow');
    fixture.componentRef.setInput('todo', true);
    await openForm();
    expect(field('Бюджет')).toBeNull();
    expect(field('Что сделать')).toBeTruthy();
    // The app's date and time fields (Russian, on the user's clock), not a native datetime-local.
    expect(element.querySelector('input[type=datetime-local]')).toBeNull();
    const date = dateTimeInput('Крайний срок')!;
    const time = dateTimeInput('Время')!;
    expect(date).toBeTruthy();
    expect(time).toBeTruthy();

    press(field('Что сделать'), 'Enter');
    await settle(fixture);
    expect(saved).toEqual([]);
    expect(element.textContent).toContain('Назовите задание: что нужно сделать');
    expect(field('Что сделать').getAttribute('aria-invalid')).toBe('true');
    // Said once, at the date; both fields marked for a screen reader.
    expect(element.textContent!.split('Укажите крайний срок').length - 1).toBe(1);
    expect(date.closest('mat-form-field')!.textContent).toContain('Укажите крайний срок');
    expect(date.getAttribute('aria-invalid')).toBe('true');
    expect(time.getAttribute('aria-invalid')).toBe('true');

    type('Что сделать', 'Собрать акты сверки');
    await typeInto(date, '10.12.2026');
    await typeInto(time, '18:00');
    // Given, the deadline no longer says it is missing, nor the name.
    expect(element.textContent).not.toContain('Укажите крайний срок');
    expect(element.textContent).not.toContain('Назовите задание');
    expect(date.getAttribute('aria-invalid')).toBe('false');
    expect(field('Что сделать').getAttribute('aria-invalid')).toBe('false');
    press(field('Что сделать'), 'Enter');
    await settle(fixture);
    expect(saved).toEqual([
      {
        name: 'Собрать акты сверки',
        budget: null,
        companyId: null,
        contacts: [],
        deadline: '2026-12-10T15:00:00.000Z',
      },
    ]);
    // Saved: the form is clear for the next job.
    expect(date.value).toBe('');
    expect(date.getAttribute('aria-invalid')).toBe('false');
  });

  it('in a To-Do column says at the field a date it cannot read, and sends nothing', async () => {
    fixture.componentRef.setInput('todo', true);
    await openForm();
    type('Что сделать', 'Собрать акты сверки');
    await typeInto(dateTimeInput('Крайний срок')!, '32.13.2026');
    press(field('Что сделать'), 'Enter');
    await settle(fixture);
    expect(saved).toEqual([]);
    const date = dateTimeInput('Крайний срок')!;
    expect(date.getAttribute('aria-invalid')).toBe('true');
    expect(date.closest('mat-form-field')!.textContent).toContain('Введите дату');
    // Not the sale's message about a budget the job has not.
    expect(element.textContent).not.toContain('Бюджет');
  });

  it('saves on Enter, with an empty name allowed, and stays open for the next deal', async () => {
    await openForm();
    type('Бюджет', '150000');
    type('Компания', 'ООО «Ромашка»');
    await settle(fixture);
    press(field('Компания'), 'Enter');
    await settle(fixture);
    http.match((r) => r.url === '/api/directory/suggest').forEach((r) => r.flush([]));
    const post = http.expectOne('/api/directory/companies');
    expect(post.request.body).toMatchObject({ name: 'ООО «Ромашка»', confirmDuplicate: false });
    post.flush({ id: 'co1', name: 'ООО «Ромашка»' });
    await settle(fixture);

    expect(saved).toEqual([{ name: '', budget: 150000, companyId: 'co1', contacts: [] }]);
    await settle(fixture);
    expect(element.textContent).not.toContain('Будет создана новая компания');
    expect(field('Бюджет').value).toBe('');
    expect(field('Название')).toBeTruthy();
  });

  it('reads a budget pasted with spaces and a comma, and shows it grouped', async () => {
    await openForm();
    type('Бюджет', '250 000,50');
    field('Бюджет').dispatchEvent(new Event('blur'));
    await settle(fixture);
    expect(field('Бюджет').value).toBe('250\u00a0000,50');
    press(field('Бюджет'), 'Enter');
    await settle(fixture);
    expect(saved).toEqual([{ name: '', budget: 250000.5, companyId: null, contacts: [] }]);
  });

  it('closes on Esc without saving', async () => {
    await openForm();
    type('Название', 'Поставка труб');
    press(field('Название'), 'Escape');
    await settle(fixture);

    expect(saved).toEqual([]);
    expect(element.querySelector('form')).toBeNull();
    expect(element.querySelector('button.open')).toBeTruthy();
  });

  it("shows the server's problem and keeps what was typed", async () => {
    const { HttpErrorResponse } = await import('@angular/common/http');
    answer = () =>
      Promise.reject(
        new HttpErrorResponse({
          status: 403,
          error: { title: 'Forbidden', detail: 'Нет прав на эту воронку', status: 403 },
        }),
      );
    await openForm();
    type('Название', 'Поставка труб');
    press(field('Название'), 'Enter');
    await settle(fixture);

    expect(element.querySelector('[role=alert]')?.textContent).toContain('Нет прав на эту воронку');
    expect(field('Название').value).toBe('Поставка труб');
  });

  async function typeNewContact(phone: string): Promise<void> {
    await openForm();
    type('Компания', 'ООО «Ромашка»');
    type('Контакт', 'Петров И.');
    type('Телефон контакта', phone);
    await settle(fixture);
  }

  /** The company's and then the contact's POST to «Списки»; the contact's is answered by `contact`. */
  async function answerLists(
    contact: (request: ReturnType<HttpTestingController['expectOne']>) => void,
  ) {
    press(field('Телефон контакта'), 'Enter');
    await settle(fixture);
    http.match((r) => r.url === '/api/directory/suggest').forEach((r) => r.flush([]));
    http.expectOne('/api/directory/companies').flush({ id: 'co1', name: 'ООО «Ромашка»' });
    await settle(fixture);
    contact(http.expectOne('/api/directory/contacts'));
    await settle(fixture);
  }

  it('adds a new company and contact to «Списки» first, then the deal refers to them', async () => {
    await typeNewContact('8 916 123-45-67');
    expect(element.textContent).toContain('Будет создана новая компания');
    expect(element.textContent).toContain('Будет создан новый контакт');

    await answerLists((post) => {
      expect(post.request.body).toMatchObject({
        fullName: 'Петров И.',
        phones: [{ number: '8 916 123-45-67', type: 'mobile' }],
        companyId: 'co1',
        confirmDuplicate: false,
      });
      post.flush({ id: 'c1', fullName: 'Петров И.' });
    });

    expect(saved).toEqual([
      { name: '', budget: null, companyId: 'co1', contacts: [{ contactId: 'c1' }] },
    ]);
  });

  it('offers the contact «Списки» already have with that phone instead of a second one', async () => {
    await typeNewContact('8 916 123 45 67');
    await answerLists((post) =>
      post.flush(
        {
          status: 409,
          duplicates: [
            {
              kind: 'contact',
              id: 'c9',
              name: 'Иван Петров',
              matchedOn: 'phone',
              value: '+7 916 123-45-67',
            },
          ],
        },
        { status: 409, statusText: 'Conflict' },
      ),
    );
    const dialog = await vi.waitFor(() => {
      const shown = document.querySelector<HTMLElement>('app-duplicates-dialog button');
      expect(shown).not.toBeNull();
      return document.querySelector<HTMLElement>('app-duplicates-dialog')!;
    });
    expect(dialog.textContent).toContain('Иван Петров');
    expect(dialog.textContent).toContain('совпал телефон: +7 916 123-45-67');
    expect(saved).toEqual([]);

    dialog
      .querySelector<HTMLButtonElement>('button[aria-label="Использовать «Иван Петров»"]')!
      .click();
    await vi.waitFor(() => expect(saved).toHaveLength(1));
    expect(saved).toEqual([
      { name: '', budget: null, companyId: 'co1', contacts: [{ contactId: 'c9' }] },
    ]);
    http.expectNone('/api/directory/contacts');
  });

  it("puts the Lists' phone message under the phone field, and the company is not added twice", async () => {
    await typeNewContact('12');
    await answerLists((post) =>
      post.flush(
        { status: 400, errors: { 'phones[0].number': ['Это не номер телефона'] } },
        { status: 400, statusText: 'Bad Request' },
      ),
    );

    expect(field('Телефон контакта').getAttribute('aria-invalid')).toBe('true');
    expect(element.querySelector('[role=alert]')?.textContent).toContain('Это не номер телефона');
    expect(saved).toEqual([]);

    type('Телефон контакта', '+7 916 123-45-67');
    press(field('Телефон контакта'), 'Enter');
    await settle(fixture);
    http.match((r) => r.url === '/api/directory/suggest').forEach((r) => r.flush([]));
    http.expectNone('/api/directory/companies');
    http.expectOne('/api/directory/contacts').flush({ id: 'c2', fullName: 'Петров И.' });
    await settle(fixture);
    expect(saved).toEqual([
      { name: '', budget: null, companyId: 'co1', contacts: [{ contactId: 'c2' }] },
    ]);
  });

  afterEach(() => http.match(() => true).forEach((r) => r.flush([])));
});
