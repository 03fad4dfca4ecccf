import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Company, Contact } from '../../directory';
import { settle } from '../../shared/testing/settle';
import { DealChanges } from '../data-access/deal-store';
import { deal } from '../testing/fixtures';
import { DealParties } from './deal-parties';

const company: Company = {
  id: 'co1',
  name: 'ООО «Ромашка»',
  phones: [{ number: '+74951234567', display: '+7 495 123-45-67', type: 'work' }],
  emails: [{ address: 'info@romashka.ru', type: 'work' }],
  website: null,
  address: null,
  region: 'Москва',
  taxId: null,
  notes: null,
  responsibleId: 'u1',
  customFields: {},
  createdAt: '2026-03-01T10:00:00Z',
  updatedAt: '2026-03-01T10:00:00Z',
  version: 1,
};

function contact(id: string, fullName: string, phone: string): Contact {
  return {
    id,
    fullName,
    position: 'Закупщик',
    phones: [{ number: phone, display: phone, type: 'mobile' }],
    emails: [],
    messengers: [],
    companyId: 'co1',
    companyName: 'ООО «Ромашка»',
    responsibleId: 'u1',
    customFields: {},
    createdAt: '2026-03-01T10:00:00Z',
    updatedAt: '2026-03-01T10:00:00Z',
    version: 1,
  };
}

describe('DealParties (the deal card’s «Компания» and contacts)', () => {
  let fixture: ComponentFixture<DealParties>;
  let http: HttpTestingController;
  let element: HTMLElement;
  let saved: DealChanges[];

  beforeEach(async () => {
    localStorage.clear();
    saved = [];
    TestBed.configureTestingModule({
      imports: [DealParties],
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(DealParties);
    fixture.componentRef.setInput(
      'deal',
      deal('d1', 's1', {
        companyId: 'co1',
        companyName: 'ООО «Ромашка»',
        contacts: [
          { contactId: 'c2', name: 'Сидорова Анна', isMain: false },
          { contactId: 'c1', name: 'Иванов Пётр', isMain: true },
        ],
      }),
    );
    fixture.componentRef.setInput('save', (changes: DealChanges) => {
      saved.push(changes);
      return Promise.resolve();
    });
    element = fixture.nativeElement;
    // Not whenStable: the resources keep the app "unstable" until their requests answer.
    TestBed.tick();
    await new Promise((resolve) => setTimeout(resolve));
    TestBed.tick();
    http.expectOne('/api/directory/companies/co1').flush(company);
    http
      .expectOne('/api/directory/contacts/c2')
      .flush(contact('c2', 'Сидорова Анна', '+7 903 000-00-02'));
    // A contact Directory has not created yet (or deleted): the deal still shows its name.
    http
      .expectOne('/api/directory/contacts/c1')
      .flush(null, { status: 404, statusText: 'Not Found' });
    await settle(fixture);
  });

  afterEach(() => http.match(() => true).forEach((r) => r.flush([])));

  const contacts = () => [...element.querySelectorAll<HTMLElement>('[data-testid=deal-contact]')];
  const buttonNamed = (label: string) =>
    element.querySelector<HTMLButtonElement>(`button[aria-label="${label}"]`)!;

  it("shows the company's details and link, and the contacts with the main one first", () => {
    expect(element.textContent).toContain('+7 495 123-45-67');
    expect(element.textContent).toContain('info@romashka.ru');
    expect(element.querySelector('a[href="/lists/companies/co1"]')).toBeTruthy();

    expect(contacts().map((c) => c.querySelector('a')?.textContent?.trim())).toEqual([
      'Иванов Пётр',
      'Сидорова Анна',
    ]);
    expect(contacts()[0].classList).toContain('main');
    expect(contacts()[0].querySelector('[aria-label="Основной контакт"]')).toBeTruthy();
    expect(contacts()[1].textContent).toContain('+7 903 000-00-02');
    expect(contacts()[1].textContent).toContain('Закупщик');
    expect(element.querySelector('a[href="/lists/contacts/c2"]')).toBeTruthy();
  });

  it('makes another contact main and removes one, sending the whole list', async () => {
    buttonNamed('Сделать основным: Сидорова Анна').click();
    await settle(fixture);
    expect(saved.at(-1)).toEqual({
      contacts: [
        { contactId: 'c2', isMain: true },
        { contactId: 'c1', isMain: false },
      ],
    });

    buttonNamed('Убрать из сделки: Иванов Пётр').click();
    await settle(fixture);
    expect(saved.at(-1)).toEqual({ contacts: [{ contactId: 'c2', isMain: true }] });
  });

  it('adds a new contact with a phone; the others stay', async () => {
    const input = element.querySelector<HTMLInputElement>('.add-contact input')!;
    input.value = 'Петров Илья';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await settle(fixture, { timers: 250 });
    http.match((r) => r.url === '/api/directory/suggest').forEach((r) => r.flush([]));
    await settle(fixture);
    expect(element.textContent).toContain('Будет создан новый контакт');

    const phone = element.querySelector<HTMLInputElement>('.add-contact input[type=tel]')!;
    phone.value = '+7 (916) 555 44 33';
    phone.dispatchEvent(new Event('input', { bubbles: true }));
    await settle(fixture);
    [...element.querySelectorAll<HTMLButtonElement>('.add-contact button')]
      .find((b) => b.textContent?.includes('Добавить'))!
      .click();
    await settle(fixture);

    // Into «Списки» first, in the deal's company; then the deal refers to it.
    const post = http.expectOne('/api/directory/contacts');
    expect(post.request.body).toMatchObject({
      fullName: 'Петров Илья',
      phones: [{ number: '+7 (916) 555 44 33', type: 'mobile' }],
      companyId: 'co1',
      confirmDuplicate: false,
    });
    expect(saved).toEqual([]);
    post.flush(contact('c3', 'Петров Илья', '+7 916 555-44-33'));
    await settle(fixture);
    expect(saved.at(-1)).toEqual({
      contacts: [
        { contactId: 'c2', isMain: false },
        { contactId: 'c1', isMain: true },
        { contactId: 'c3', isMain: false },
      ],
    });
  });

  it('a contact added here shows the phone typed at once, as Directory answered, without reading it back', async () => {
    const input = element.querySelector<HTMLInputElement>('.add-contact input')!;
    input.value = 'Петров Илья';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await settle(fixture, { timers: 250 });
    http.match((r) => r.url === '/api/directory/suggest').forEach((r) => r.flush([]));
    const phone = element.querySelector<HTMLInputElement>('.add-contact input[type=tel]')!;
    phone.value = '+7 916 555-44-33';
    phone.dispatchEvent(new Event('input', { bubbles: true }));
    await settle(fixture);
    [...element.querySelectorAll<HTMLButtonElement>('.add-contact button')]
      .find((b) => b.textContent?.includes('Добавить'))!
      .click();
    await settle(fixture);
    http
      .expectOne('/api/directory/contacts')
      .flush(contact('c3', 'Петров Илья', '+7 916 555-44-33'));
    await settle(fixture);
    // The deal's new version arrives (the card's store answers the PUT with it).
    fixture.componentRef.setInput(
      'deal',
      deal('d1', 's1', {
        companyId: 'co1',
        companyName: 'ООО «Ромашка»',
        contacts: [
          { contactId: 'c2', name: 'Сидорова Анна', isMain: false },
          { contactId: 'c1', name: 'Иванов Пётр', isMain: true },
          { contactId: 'c3', name: 'Петров Илья', isMain: false },
        ],
      }),
    );
    await settle(fixture);
    http.expectNone('/api/directory/contacts/c3');
    // Nor are the others read again, or blanked, by the new version.
    http.expectNone('/api/directory/contacts/c2');
    http.expectNone('/api/directory/companies/co1');
    const added = contacts().find((c) => c.textContent?.includes('Петров Илья'))!;
    expect(added.textContent).toContain('+7 916 555-44-33');
    expect(contacts().find((c) => c.textContent?.includes('Сидорова'))!.textContent).toContain(
      '+7 903 000-00-02',
    );
  });

  it('a record «Списки» do not answer yet (404) is read again until it arrives, and said to be loading meanwhile', async () => {
    const main = () => contacts().find((c) => c.textContent?.includes('Иванов Пётр'))!;
    expect(main().textContent).toContain('Загружаем телефоны и почту');
    await settle(fixture, { timers: 350 });
    http
      .expectOne('/api/directory/contacts/c1')
      .flush(null, { status: 404, statusText: 'Not Found' });
    await settle(fixture, { timers: 650 });
    http
      .expectOne('/api/directory/contacts/c1')
      .flush(contact('c1', 'Иванов Пётр', '+7 903 000-00-01'));
    await settle(fixture);
    expect(main().textContent).toContain('+7 903 000-00-01');
    expect(main().textContent).not.toContain('Загружаем');
  });

  it('a record that cannot be read (403) is not retried: the card says so and offers «Повторить»', async () => {
    fixture.componentRef.setInput(
      'deal',
      deal('d1', 's1', { contacts: [{ contactId: 'c8', name: 'Закрытый контакт', isMain: true }] }),
    );
    await settle(fixture);
    http
      .expectOne('/api/directory/contacts/c8')
      .flush(null, { status: 403, statusText: 'Forbidden' });
    await settle(fixture, { timers: 400 });
    http.expectNone('/api/directory/contacts/c8');
    const row = contacts()[0];
    expect(row.textContent).toContain('Телефоны и почта не загрузились');
    [...row.querySelectorAll('button')].find((b) => b.textContent?.includes('Повторить'))!.click();
    await settle(fixture);
    http
      .expectOne('/api/directory/contacts/c8')
      .flush(contact('c8', 'Закрытый контакт', '+7 903 000-00-08'));
    await settle(fixture);
    expect(contacts()[0].textContent).toContain('+7 903 000-00-08');
  });

  it('offers the contact «Списки» already have with that phone, and the deal takes it', async () => {
    const input = element.querySelector<HTMLInputElement>('.add-contact input')!;
    input.value = 'Петров И.';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await settle(fixture, { timers: 250 });
    http.match((r) => r.url === '/api/directory/suggest').forEach((r) => r.flush([]));
    const phone = element.querySelector<HTMLInputElement>('.add-contact input[type=tel]')!;
    phone.value = '8 916 123 45 67';
    phone.dispatchEvent(new Event('input', { bubbles: true }));
    await settle(fixture);
    [...element.querySelectorAll<HTMLButtonElement>('.add-contact button')]
      .find((b) => b.textContent?.includes('Добавить'))!
      .click();
    await settle(fixture);
    http.expectOne('/api/directory/contacts').flush(
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
    );
    await settle(fixture, { timers: 50 });

    const dialog = document.querySelector<HTMLElement>('app-duplicates-dialog')!;
    expect(dialog.textContent).toContain('совпал телефон: +7 916 123-45-67');
    dialog
      .querySelector<HTMLButtonElement>('button[aria-label="Использовать «Иван Петров»"]')!
      .click();
    await settle(fixture, { timers: 50 });
    expect(saved.at(-1)).toEqual({
      contacts: [
        { contactId: 'c2', isMain: false },
        { contactId: 'c1', isMain: true },
        { contactId: 'c9', isMain: false },
      ],
    });
    http.expectNone('/api/directory/contacts');
  });

  it('puts a contact typed before «Списки» (no id) there first when the list changes', async () => {
    fixture.componentRef.setInput(
      'deal',
      deal('d1', 's1', {
        contacts: [
          { contactId: null, name: 'Старый контакт', isMain: true },
          { contactId: 'c2', name: 'Сидорова Анна', isMain: false },
        ],
      }),
    );
    TestBed.tick();
    await new Promise((resolve) => setTimeout(resolve));
    http.match(() => true).forEach((r) => r.flush(null, { status: 404, statusText: 'Not Found' }));
    await settle(fixture);
    expect(element.querySelector('a[href="/lists/contacts/null"]')).toBeNull();

    buttonNamed('Сделать основным: Сидорова Анна').click();
    await settle(fixture);
    const post = http.expectOne('/api/directory/contacts');
    expect(post.request.body).toMatchObject({ fullName: 'Старый контакт', companyId: null });
    post.flush(contact('c5', 'Старый контакт', '+7 903 000-00-05'));
    await settle(fixture);
    expect(saved.at(-1)).toEqual({
      contacts: [
        { contactId: 'c5', isMain: false },
        { contactId: 'c2', isMain: true },
      ],
    });
  });

  it('a typed company name on Enter is added to «Списки» and saved by id; Esc puts the linked one back', async () => {
    const input = element.querySelector<HTMLInputElement>('.picker-row input')!;
    input.value = 'ООО «Новая»';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await settle(fixture);
    expect(element.textContent).toContain('Будет создана новая компания');

    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await settle(fixture);
    http.match((r) => r.url === '/api/directory/suggest').forEach((r) => r.flush([]));
    const post = http.expectOne('/api/directory/companies');
    expect(post.request.body).toMatchObject({ name: 'ООО «Новая»', confirmDuplicate: false });
    post.flush({ ...company, id: 'co7', name: 'ООО «Новая»' });
    await settle(fixture);
    expect(saved.at(-1)).toEqual({ companyId: 'co7', companyName: null });

    input.value = 'Другая';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await settle(fixture);
    expect(input.value).toBe('ООО «Ромашка»');
  });
});
