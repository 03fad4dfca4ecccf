import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { I18n } from '../../shared/i18n/i18n';
import { settle } from '../../shared/testing/settle';
import { Me } from '../data-access/models';
import { SignIn } from './sign-in';

@Component({ template: '' })
class Blank {}

const manager: Me = {
  id: '2',
  email: 'ivan@crm.local',
  displayName: 'Иван Петров',
  role: 'Manager',
  settings: { language: 'ru', timeZone: 'Europe/Moscow', reminderLeadMinutes: 30 },
};

describe('SignIn', () => {
  let fixture: ComponentFixture<SignIn>;
  let http: HttpTestingController;
  let element: HTMLElement;

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [SignIn],
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: '**', component: Blank }]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SignIn);
    element = fixture.nativeElement;
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  function input(label: string): HTMLInputElement {
    const field = [...element.querySelectorAll('mat-form-field')].find((candidate) =>
      candidate.querySelector('mat-label')?.textContent?.includes(label),
    );
    const control = field?.querySelector('input');
    if (!control) {
      throw new Error(`No input labelled ${label}`);
    }
    return control;
  }

  function type(label: string, value: string): void {
    const control = input(label);
    control.value = value;
    control.dispatchEvent(new Event('input'));
  }

  /** Lets the component's promise chain (HTTP answer → signal → render) run to its end. */

  async function submit(): Promise<void> {
    element.querySelector('form')!.dispatchEvent(new Event('submit'));
    await settle(fixture);
  }

  it('labels every control and offers the "Войти" button', () => {
    expect(input('E-mail').type).toBe('email');
    expect(input('Пароль').type).toBe('password');
    expect(element.querySelector('button[type=submit]')?.textContent?.trim()).toBe('Войти');
    expect(element.querySelector('h1')?.textContent).toContain('Вход в CRM');
  });

  it('shows the message of the 401 problem the server sent', async () => {
    type('E-mail', 'ivan@crm.local');
    type('Пароль', 'wrong-password');
    await submit();

    const request = http.expectOne({ method: 'POST', url: '/api/identity/sign-in' });
    expect(request.request.body).toEqual({ email: 'ivan@crm.local', password: 'wrong-password' });
    request.flush(
      {
        type: 'about:blank',
        title: 'Вход не выполнен',
        status: 401,
        detail: 'Неверный e-mail или пароль.',
      },
      { status: 401, statusText: 'Unauthorized' },
    );
    await settle(fixture);

    const alert = element.querySelector('[role=alert]');
    expect(alert?.textContent?.trim()).toBe('Неверный e-mail или пароль.');
  });

  it('says in the user language what to do when the 401 has no text', async () => {
    TestBed.inject(I18n).use('en');
    await settle(fixture);
    type('E-mail', 'ivan@crm.local');
    type('Password', 'x');
    await submit();

    http
      .expectOne('/api/identity/sign-in')
      .flush(null, { status: 401, statusText: 'Unauthorized' });
    await settle(fixture);

    expect(element.querySelector('[role=alert]')?.textContent?.trim()).toBe(
      'Could not sign in. Check your e-mail and password.',
    );
  });

  it('does not call the server while the form is invalid', async () => {
    type('E-mail', 'not-an-email');
    await submit();

    http.expectNone('/api/identity/sign-in');
    expect(element.textContent).toContain('Введите e-mail в виде name@company.ru');
    expect(element.textContent).toContain('Заполните поле');
  });

  it('goes back where the user was heading after signing in', async () => {
    fixture.componentRef.setInput('returnUrl', '/settings/users');
    type('E-mail', 'ivan@crm.local');
    type('Пароль', 'secret-password');
    await submit();

    http.expectOne('/api/identity/sign-in').flush(manager);
    await settle(fixture);

    expect(TestBed.inject(Router).url).toBe('/settings/users');
  });
});
