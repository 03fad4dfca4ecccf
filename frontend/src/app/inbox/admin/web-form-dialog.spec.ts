import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { dealers } from '../../deals/testing/fixtures';
import { settle } from '../../shared/testing/settle';
import { WebForm } from '../data-access/models';
import { webForm } from '../testing/fixtures';
import { WebFormDialog } from './web-form-dialog';

describe('WebFormDialog (a web form’s settings)', () => {
  let fixture: ComponentFixture<WebFormDialog>;
  let element: HTMLElement;
  let http: HttpTestingController;
  let closed: unknown[];

  async function create(form?: WebForm): Promise<void> {
    closed = [];
    TestBed.configureTestingModule({
      imports: [WebFormDialog],
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MAT_DIALOG_DATA, useValue: { form } },
        { provide: MatDialogRef, useValue: { close: (value: unknown) => closed.push(value) } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(WebFormDialog);
    element = fixture.nativeElement;
    await fixture.whenStable();
    http.expectOne((r) => r.url === '/api/pipelines').flush([dealers]);
    await settle(fixture);
  }

  afterEach(() => http.verify());

  function fill(selector: string, value: string): void {
    const input = element.querySelector<HTMLInputElement | HTMLTextAreaElement>(selector)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  function choose(field: string, mode: string): void {
    const select = element.querySelector<HTMLSelectElement>(`select[data-field=${field}]`)!;
    select.value = mode;
    select.dispatchEvent(new Event('change'));
  }

  const submit = () => element.querySelector<HTMLButtonElement>('button[type=submit]')!.click();

  it('creates a form: its fields’ modes, one site a line, a blank thank-you left to the server', async () => {
    await create();
    fill('input[formcontrolname=name]', ' Заявка с сайта ');
    choose('companyName', 'optional');
    choose('email', 'required');
    fill(
      'textarea[formcontrolname=allowedOrigins]',
      'https://example.ru\n\n http://127.0.0.1:8080 ',
    );
    submit();
    const post = http.expectOne({ method: 'POST', url: '/api/inbox/forms' });
    expect(post.request.body).toEqual({
      name: 'Заявка с сайта',
      pipelineId: 'p1',
      fields: {
        contactName: 'required',
        phone: 'required',
        email: 'required',
        companyName: 'optional',
        region: 'off',
        message: 'optional',
      },
      allowedOrigins: ['https://example.ru', 'http://127.0.0.1:8080'],
      thankYou: null,
      enabled: true,
    });
    post.flush(webForm('f1'));
    await settle(fixture);
    expect(closed).toEqual([webForm('f1')]);
  });

  it('a form that asks neither a phone nor an e-mail is refused before it is sent', async () => {
    await create();
    fill('input[formcontrolname=name]', 'Без связи');
    choose('phone', 'off');
    choose('email', 'off');
    await settle(fixture);
    submit();
    await settle(fixture);
    http.expectNone('/api/inbox/forms');
    expect(element.textContent).toContain('Форма должна спрашивать телефон или e-mail');
  });

  it('names the site the server refused, under the sites', async () => {
    await create();
    fill('input[formcontrolname=name]', 'Форма');
    fill('textarea[formcontrolname=allowedOrigins]', 'https://example.ru\nexample.ru/form');
    submit();
    http.expectOne('/api/inbox/forms').flush(
      {
        status: 400,
        title: 'Ошибки',
        errors: { 'allowedOrigins[1]': ['Укажите адрес вида https://example.ru'] },
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle(fixture);
    expect(element.textContent).toContain('example.ru/form: Укажите адрес вида https://example.ru');
    expect(closed).toEqual([]);
  });

  it('edits a form with the version it read', async () => {
    await create(webForm('f1', { version: 4, thankYou: 'Спасибо!' }));
    fill('textarea[formcontrolname=thankYou]', 'Перезвоним за 15 минут');
    submit();
    const put = http.expectOne({ method: 'PUT', url: '/api/inbox/forms/f1' });
    expect(put.request.body).toEqual(
      expect.objectContaining({ version: 4, thankYou: 'Перезвоним за 15 минут', enabled: true }),
    );
    put.flush(webForm('f1', { version: 5 }));
    await settle(fixture);
    expect(closed).toHaveLength(1);
  });
});
