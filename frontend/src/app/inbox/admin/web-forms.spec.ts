import { Clipboard } from '@angular/cdk/clipboard';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { provideRouter } from '@angular/router';
import { of } from 'rxjs';
import { dealers } from '../../deals/testing/fixtures';
import { settle } from '../../shared/testing/settle';
import { webForm } from '../testing/fixtures';
import { SnippetDialog } from './snippet-dialog';
import { WebForms } from './web-forms';

describe('WebForms (Settings → «Формы на сайт»)', () => {
  let fixture: ComponentFixture<WebForms>;
  let element: HTMLElement;
  let http: HttpTestingController;
  let dialogs: { component: unknown; data: unknown }[];
  let answer: unknown;
  let copied: string[];
  let snacks: string[];

  beforeEach(async () => {
    dialogs = [];
    copied = [];
    snacks = [];
    answer = undefined;
    TestBed.configureTestingModule({
      imports: [WebForms],
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        {
          provide: MatDialog,
          useValue: {
            open: (component: unknown, config: { data: unknown }) => {
              dialogs.push({ component, data: config.data });
              return { afterClosed: () => of(answer) };
            },
          },
        },
        { provide: Clipboard, useValue: { copy: (text: string) => (copied.push(text), true) } },
        { provide: MatSnackBar, useValue: { open: (text: string) => snacks.push(text) } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(WebForms);
    element = fixture.nativeElement;
    await fixture.whenStable();
    http.expectOne((r) => r.url === '/api/pipelines').flush([dealers]);
    http.expectOne('/api/inbox/forms').flush([webForm('f1', { name: 'Заявка с сайта' })]);
    await settle(fixture);
  });

  afterEach(() => http.verify());

  const button = (text: string) =>
    [...document.querySelectorAll<HTMLButtonElement>('button')].find(
      (b) =>
        b.textContent?.replace(b.querySelector('mat-icon')?.textContent ?? '', '').trim() === text,
    );

  it('lists each form with its pipeline, its fields and its sites', () => {
    const row = element.querySelector('[data-testid=web-form]')!.textContent!;
    expect(row).toContain('Заявка с сайта');
    expect(row).toContain('В «Новые дилеры»');
    expect(row).toContain('Имя*, Телефон*, E-mail, Сообщение');
    expect(row).toContain('https://example.ru');
  });

  it('«Скопировать код» copies the snippet’s HTML and shows it', async () => {
    button('Скопировать код')!.click();
    http.expectOne('/api/inbox/forms/f1/snippet').flush({
      action: 'https://crm.example.ru/api/inbox/forms/k/submissions',
      html: '<form>…</form>',
    });
    await settle(fixture);
    expect(copied).toEqual(['<form>…</form>']);
    expect(dialogs[0].component).toBe(SnippetDialog);
    expect(dialogs[0].data).toEqual({
      formName: 'Заявка с сайта',
      html: '<form>…</form>',
      copied: true,
    });
  });

  it('a 409 says plainly that the app’s public address is not set', async () => {
    button('Скопировать код')!.click();
    http.expectOne('/api/inbox/forms/f1/snippet').flush(
      {
        title: 'Не задан адрес приложения',
        detail: 'Администратору сервера: укажите публичный адрес приложения (App__PublicUrl).',
        status: 409,
      },
      { status: 409, statusText: 'Conflict' },
    );
    await settle(fixture);
    const alert = element.querySelector('[data-testid=no-public-url]')!.textContent!;
    expect(alert).toContain('не задан публичный адрес приложения (App__PublicUrl)');
    expect(alert).toContain('Администратору сервера');
    expect(copied).toEqual([]);
  });

  it('«Новый ключ» asks first, then replaces the key', async () => {
    answer = true;
    (fixture.componentInstance as unknown as { newKey(f: unknown): Promise<void> }).newKey(
      webForm('f1', { name: 'Заявка с сайта' }),
    );
    await settle(fixture);
    expect((dialogs[0].data as { message: string }).message).toContain('перестанет работать');
    const key = http.expectOne('/api/inbox/forms/f1/key');
    expect(key.request.method).toBe('POST');
    key.flush(webForm('f1', { name: 'Заявка с сайта', key: 'n'.repeat(43), version: 2 }));
    await settle(fixture);
    expect(snacks[0]).toContain('новый ключ');
  });

  it('«Удалить» asks first; «Отмена» deletes nothing', async () => {
    const component = fixture.componentInstance as unknown as { remove(f: unknown): Promise<void> };
    answer = false;
    await component.remove(webForm('f1'));
    http.expectNone('/api/inbox/forms/f1');
    answer = true;
    void component.remove(webForm('f1'));
    await settle(fixture);
    const remove = http.expectOne('/api/inbox/forms/f1');
    expect(remove.request.method).toBe('DELETE');
    remove.flush(null, { status: 204, statusText: 'No Content' });
    await settle(fixture);
    expect(element.querySelector('[data-testid=web-form]')).toBeNull();
    expect(element.textContent).toContain('Форм пока нет');
  });
});
