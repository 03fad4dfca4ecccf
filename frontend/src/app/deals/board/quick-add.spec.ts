import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
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

  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

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
    await settle();
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

  it('saves on Enter, with an empty name allowed, and stays open for the next deal', async () => {
    await openForm();
    type('Бюджет', '150000');
    type('Компания', 'ООО «Ромашка»');
    await settle();
    press(field('Компания'), 'Enter');
    await settle();

    expect(saved).toEqual([
      { name: '', budget: 150000, companyId: null, companyName: 'ООО «Ромашка»', contacts: [] },
    ]);
    await settle();
    expect(element.textContent).not.toContain('Будет создана новая компания');
    expect(field('Бюджет').value).toBe('');
    expect(field('Название')).toBeTruthy();
  });

  it('closes on Esc without saving', async () => {
    await openForm();
    type('Название', 'Поставка труб');
    press(field('Название'), 'Escape');
    await settle();

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
    await settle();

    expect(element.querySelector('[role=alert]')?.textContent).toContain('Нет прав на эту воронку');
    expect(field('Название').value).toBe('Поставка труб');
  });

  it('sends a new contact with the phone as typed and says the records will be created', async () => {
    await openForm();
    type('Компания', 'ООО «Ромашка»');
    type('Контакт', 'Иванов Пётр');
    type('Телефон контакта', '8 916 123-45-67');
    await settle();
    expect(element.textContent).toContain('Будет создана новая компания');
    expect(element.textContent).toContain('Будет создан новый контакт');

    press(field('Телефон контакта'), 'Enter');
    await settle();

    expect(saved).toEqual([
      {
        name: '',
        budget: null,
        companyId: null,
        companyName: 'ООО «Ромашка»',
        contacts: [{ name: 'Иванов Пётр', phone: '8 916 123-45-67' }],
      },
    ]);
  });

  it("puts the server's phone message under the phone field", async () => {
    const { HttpErrorResponse } = await import('@angular/common/http');
    answer = () =>
      Promise.reject(
        new HttpErrorResponse({
          status: 400,
          error: { status: 400, errors: { 'contacts[0].phone': ['Это не номер телефона'] } },
        }),
      );
    await openForm();
    type('Контакт', 'Иванов Пётр');
    type('Телефон контакта', '12');
    press(field('Телефон контакта'), 'Enter');
    await settle();

    expect(field('Телефон контакта').getAttribute('aria-invalid')).toBe('true');
    expect(element.querySelector('[role=alert]')?.textContent).toContain('Это не номер телефона');
  });

  afterEach(() => http.match(() => true).forEach((r) => r.flush([])));
});
