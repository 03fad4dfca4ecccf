import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { settle } from '../../shared/testing/settle';
import { Suggestion } from '../data-access/models';
import { DirectoryPicker, PickedRecord } from './directory-picker';

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

describe('DirectoryPicker', () => {
  let fixture: ComponentFixture<DirectoryPicker>;
  let http: HttpTestingController;
  let element: HTMLElement;
  let values: (PickedRecord | null)[];

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [DirectoryPicker],
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(DirectoryPicker);
    fixture.componentRef.setInput('kind', 'contact');
    fixture.componentRef.setInput('label', 'Контакт');
    fixture.componentRef.setInput('dense', true);
    values = [];
    fixture.componentInstance.value.subscribe((value) => values.push(value));
    element = fixture.nativeElement;
    await fixture.whenStable();
  });

  afterEach(() => {
    document.querySelectorAll('.cdk-overlay-container').forEach((node) => (node.innerHTML = ''));
  });

  const input = () => element.querySelector<HTMLInputElement>('input[aria-label="Контакт"]')!;

  async function type(text: string): Promise<void> {
    input().focus();
    input().dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    input().value = text;
    input().dispatchEvent(new Event('input', { bubbles: true }));
    await settle(fixture, { rounds: 1, timers: 250 });
  }

  it('says a new contact will be created for typed text that was not picked', async () => {
    await type('Сидоров');
    http.expectOne((r) => r.url === '/api/directory/suggest').flush([]);
    await settle(fixture);

    expect(values.at(-1)).toEqual({ id: null, name: 'Сидоров' });
    expect(element.textContent).toContain('Будет создан новый контакт');
  });

  it('suggests by phone in another format, shows what matched, and picking sets the id', async () => {
    await type('8916123');
    const request = http.expectOne((r) => r.url === '/api/directory/suggest');
    expect(request.request.params.get('q')).toBe('8916123');
    expect(request.request.params.get('kind')).toBe('contact');
    request.flush([petr]);
    await settle(fixture);

    const option = document.querySelector<HTMLElement>('mat-option');
    expect(option?.textContent).toContain('Иванов Пётр');
    expect(option?.textContent).toContain('+7 916 123-45-67');
    expect(option?.textContent).toContain('ООО «Ромашка»');
    expect(option?.textContent).toContain('совпал телефон');

    option!.click();
    await settle(fixture);

    expect(values.at(-1)).toEqual({
      id: 'c1',
      name: 'Иванов Пётр',
      phone: '+7 916 123-45-67',
      email: 'petr@romashka.ru',
      companyName: 'ООО «Ромашка»',
    });
    expect(input().value).toBe('Иванов Пётр');
    expect(element.textContent).not.toContain('Будет создан новый контакт');
    expect(element.textContent).toContain('Выбрана запись из «Списков»');
  });

  it('typing after a pick unlinks the record', async () => {
    fixture.componentInstance.value.set({ id: 'c1', name: 'Иванов Пётр' });
    await settle(fixture);
    expect(input().value).toBe('Иванов Пётр');

    await type('Иванов Пётр Ильич');
    http.match(() => true).forEach((r) => r.flush([]));
    expect(values.at(-1)).toEqual({ id: null, name: 'Иванов Пётр Ильич' });
  });

  it('Enter with no highlighted suggestion asks the form to save', async () => {
    let entered = 0;
    fixture.componentInstance.enter.subscribe(() => entered++);
    await type('Сидоров');
    http.match(() => true).forEach((r) => r.flush([]));
    input().dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(entered).toBe(1);
  });

  it('keeps spaces as they are typed ("+7 (916) 123")', async () => {
    await type('+7 (916) 123 ');
    http.match(() => true).forEach((r) => r.flush([]));
    await settle(fixture);
    expect(input().value).toBe('+7 (916) 123 ');
  });
});
