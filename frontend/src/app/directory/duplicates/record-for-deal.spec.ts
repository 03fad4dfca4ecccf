import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { DirectoryApi } from '../data-access/directory-api';
import { Duplicate } from '../data-access/models';
import { recordForDeal } from './record-for-deal';

const ivan: Duplicate = {
  kind: 'contact',
  id: 'c9',
  name: 'Иван Петров',
  matchedOn: 'phone',
  value: '+7 916 123-45-67',
};

describe('recordForDeal (a record typed into a deal goes through «Списки»)', () => {
  let dialog: MatDialog;
  let api: DirectoryApi;
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    dialog = TestBed.inject(MatDialog);
    api = TestBed.inject(DirectoryApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    dialog.closeAll();
    http.verify();
  });

  // Sentinel: the duplicates dialog is open and rendered (its buttons are on the page).
  const dialogShown = () =>
    vi.waitFor(() => {
      TestBed.tick();
      expect(dialog.openDialogs).toHaveLength(1);
      expect(overlay().querySelector('button')).not.toBeNull();
    });
  // The newest dialog (a closed one may still be leaving the page).
  const overlay = () =>
    [...document.querySelectorAll<HTMLElement>('app-duplicates-dialog')].at(-1)!;
  const button = (text: string) =>
    [...overlay().querySelectorAll<HTMLButtonElement>('button')].find(
      (b) => b.textContent?.includes(text) || b.getAttribute('aria-label') === text,
    )!;
  const duplicate = () => ({ status: 409, statusText: 'Conflict' });

  it('adds a new contact through Directory’s POST, with its phone as typed and the deal’s company', async () => {
    const result = recordForDeal(api, dialog, 'contact', {
      name: ' Петров И. ',
      phone: '8 916 123 45 67',
      companyId: 'co1',
    });
    const post = http.expectOne('/api/directory/contacts');
    expect(post.request.method).toBe('POST');
    expect(post.request.body).toEqual({
      fullName: 'Петров И.',
      position: null,
      phones: [{ number: '8 916 123 45 67', type: 'mobile' }],
      emails: [],
      messengers: [],
      companyId: 'co1',
      confirmDuplicate: false,
    });
    post.flush({ id: 'c3', fullName: 'Петров И.' });
    // With the record as created, for the card to show without reading it back.
    expect(await result).toEqual({
      id: 'c3',
      name: 'Петров И.',
      created: { id: 'c3', fullName: 'Петров И.' },
    });
  });

  it('offers the existing look-alike: «Использовать» takes it and nothing is created', async () => {
    const result = recordForDeal(api, dialog, 'contact', {
      name: 'Петров И.',
      phone: '8 916 123 45 67',
    });
    http
      .expectOne('/api/directory/contacts')
      .flush({ status: 409, duplicates: [ivan] }, duplicate());
    await dialogShown();

    expect(overlay().textContent).toContain('В «Списках» уже есть похожие записи');
    expect(overlay().textContent).toContain('Иван Петров');
    expect(overlay().textContent).toContain('совпал телефон: +7 916 123-45-67');
    expect(overlay().textContent).not.toContain('Открыть');
    button('Использовать «Иван Петров»').click();
    expect(await result).toEqual({ id: 'c9', name: 'Иван Петров' });
  });

  it('«Создать новую запись» creates it with confirmDuplicate; «Отмена» goes back to the form', async () => {
    const created = recordForDeal(api, dialog, 'contact', {
      name: 'Петров И.',
      phone: '89161234567',
    });
    http.expectOne('/api/directory/contacts').flush({ duplicates: [ivan] }, duplicate());
    await dialogShown();
    button('Создать новую запись').click();
    const again = await vi.waitFor(() => http.expectOne('/api/directory/contacts'));
    expect(again.request.body.confirmDuplicate).toBe(true);
    again.flush({ id: 'c4', fullName: 'Петров И.' });
    expect(await created).toEqual({
      id: 'c4',
      name: 'Петров И.',
      created: { id: 'c4', fullName: 'Петров И.' },
    });

    const cancelled = recordForDeal(api, dialog, 'contact', {
      name: 'Петров И.',
      phone: '89161234567',
    });
    http.expectOne('/api/directory/contacts').flush({ duplicates: [ivan] }, duplicate());
    await dialogShown();
    button('Отмена').click();
    expect(await cancelled).toBeNull();
    http.expectNone('/api/directory/contacts');
  });

  it('a company goes by name to the companies’ POST; other errors go back to the form', async () => {
    const company = recordForDeal(api, dialog, 'company', { name: 'ООО «Новая»' });
    const post = http.expectOne('/api/directory/companies');
    expect(post.request.body).toMatchObject({
      name: 'ООО «Новая»',
      phones: [],
      confirmDuplicate: false,
    });
    post.flush({ id: 'co7', name: 'ООО «Новая»' });
    expect(await company).toEqual({
      id: 'co7',
      name: 'ООО «Новая»',
      created: { id: 'co7', name: 'ООО «Новая»' },
    });

    const invalid = recordForDeal(api, dialog, 'contact', { name: 'X', phone: '12' });
    http
      .expectOne('/api/directory/contacts')
      .flush(
        { errors: { 'phones[0].number': ['Это не номер телефона'] } },
        { status: 400, statusText: 'Bad Request' },
      );
    await expect(invalid).rejects.toMatchObject({ status: 400 });
    expect(dialog.openDialogs.length).toBe(0);
  });
});
