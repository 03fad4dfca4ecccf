import { HttpErrorResponse } from '@angular/common/http';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { I18n } from '../i18n/i18n';
import { fieldErrors, problemMessage, toProblem } from './problem';

function httpError(status: number, body: unknown): HttpErrorResponse {
  return new HttpErrorResponse({ status, error: body, url: '/api/identity/users' });
}

describe('problem details', () => {
  let i18n: I18n;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
    i18n = TestBed.inject(I18n);
  });

  it('reads an RFC 9457 body', () => {
    const problem = toProblem(
      httpError(401, {
        type: 'about:blank',
        title: 'Вход не выполнен',
        status: 401,
        detail: 'Неверный e-mail или пароль',
      }),
    );

    expect(problem).toEqual({
      type: 'about:blank',
      title: 'Вход не выполнен',
      status: 401,
      detail: 'Неверный e-mail или пароль',
      errors: undefined,
    });
  });

  it('reads a body that arrived as text', () => {
    const problem = toProblem(httpError(409, '{"title":"Conflict","status":409}'));

    expect(problem?.title).toBe('Conflict');
    expect(problem?.status).toBe(409);
  });

  it('is null for errors that are not HTTP responses', () => {
    expect(toProblem(new Error('boom'))).toBeNull();
    expect(problemMessage(new Error('boom'), i18n)).toBe(i18n.t('errors.unknown'));
  });

  it('prefers the server detail, then its title', () => {
    expect(problemMessage(httpError(400, { title: 'T', detail: 'D' }), i18n)).toBe('D');
    expect(problemMessage(httpError(400, { title: 'T' }), i18n)).toBe('T');
  });

  it('falls back to our own text by status, in the current language', () => {
    expect(problemMessage(httpError(0, null), i18n)).toBe(i18n.t('errors.network'));
    expect(problemMessage(httpError(403, null), i18n)).toBe(i18n.t('errors.forbidden'));
    expect(problemMessage(httpError(404, ''), i18n)).toBe(i18n.t('errors.notFound'));
    expect(problemMessage(httpError(409, null), i18n)).toBe(i18n.t('errors.conflict'));
    expect(problemMessage(httpError(502, '<html>Bad gateway</html>'), i18n)).toBe(
      i18n.t('errors.server'),
    );

    i18n.use('en');

    expect(problemMessage(httpError(0, null), i18n)).toBe(
      'Cannot reach the server. Check your connection and try again.',
    );
  });

  it('normalizes field names to the form control names', () => {
    const error = httpError(400, {
      title: 'Validation failed',
      errors: { Email: ['Занят'], '$.displayName': ['Пусто'], password: ['Коротко', 'Просто'] },
    });

    expect(fieldErrors(error)).toEqual({
      email: ['Занят'],
      displayName: ['Пусто'],
      password: ['Коротко', 'Просто'],
    });
  });

  it('has no field errors when the body has none', () => {
    expect(fieldErrors(httpError(401, { title: 'x' }))).toEqual({});
    expect(fieldErrors(new Error('x'))).toEqual({});
  });
});
