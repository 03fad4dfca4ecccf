import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { I18n } from '../../shared/i18n/i18n';
import { Me } from './models';
import { SessionStore } from './session-store';

const admin: Me = {
  id: '1',
  email: 'admin@crm.local',
  displayName: 'Анна Админова',
  role: 'Admin',
  settings: { language: 'en', timeZone: 'Asia/Yekaterinburg', reminderLeadMinutes: 30 },
};

const unauthorized = { status: 401, statusText: 'Unauthorized' };
const signedIn = (user: Me) => ({ signedIn: true, user });

describe('SessionStore', () => {
  let store: InstanceType<typeof SessionStore>;
  let http: HttpTestingController;
  let i18n: I18n;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    store = TestBed.inject(SessionStore);
    http = TestBed.inject(HttpTestingController);
    i18n = TestBed.inject(I18n);
  });

  afterEach(() => http.verify());

  it('is signed in when /session says so, and takes language and time zone from the settings', async () => {
    expect(store.status()).toBe('unknown');

    const loading = store.load();
    http.expectOne({ method: 'GET', url: '/api/identity/session' }).flush(signedIn(admin));
    await loading;

    expect(store.status()).toBe('signed-in');
    expect(store.me()).toEqual(admin);
    expect(store.isSignedIn()).toBe(true);
    expect(store.isAdmin()).toBe(true);
    expect(i18n.language()).toBe('en');
    expect(i18n.timeZone()).toBe('Asia/Yekaterinburg');
  });

  it('is signed out when /session says nobody is (200: no error for the browser to log)', async () => {
    const loading = store.load();
    http.expectOne('/api/identity/session').flush({ signedIn: false, user: null });
    await loading;

    expect(store.status()).toBe('signed-out');
    expect(store.me()).toBeNull();
    expect(store.isSignedIn()).toBe(false);
    expect(store.isAdmin()).toBe(false);
  });

  it('asks /session once however many guards wait for it', async () => {
    const first = store.ensureLoaded();
    const second = store.ensureLoaded();
    http.expectOne('/api/identity/session').flush(signedIn(admin));
    await Promise.all([first, second]);

    await store.ensureLoaded();
    http.expectNone('/api/identity/session');
    expect(store.isSignedIn()).toBe(true);
  });

  it('signs in and out', async () => {
    const signingIn = store.signIn('admin@crm.local', 'Change-me-admin-1');
    const request = http.expectOne({ method: 'POST', url: '/api/identity/sign-in' });
    expect(request.request.body).toEqual({
      email: 'admin@crm.local',
      password: 'Change-me-admin-1',
    });
    request.flush({ ...admin, role: 'Manager' });
    await signingIn;
    expect(store.isSignedIn()).toBe(true);
    expect(store.isAdmin()).toBe(false);

    const signingOut = store.signOut();
    http
      .expectOne({ method: 'POST', url: '/api/identity/sign-out' })
      .flush(null, { status: 204, statusText: 'No Content' });
    await signingOut;
    expect(store.status()).toBe('signed-out');
  });

  it('rejects a failed sign-in with the problem and stays signed out', async () => {
    const signingIn = store.signIn('admin@crm.local', 'wrong');
    http
      .expectOne('/api/identity/sign-in')
      .flush({ title: 'Неверный e-mail или пароль', status: 401 }, unauthorized);

    await expect(signingIn).rejects.toMatchObject({ status: 401 });
    expect(store.isSignedIn()).toBe(false);
  });

  it('switches the language at once and saves it to the settings', async () => {
    const loading = store.load();
    http
      .expectOne('/api/identity/session')
      .flush(signedIn({ ...admin, settings: { ...admin.settings, language: 'ru' } }));
    await loading;

    const changing = store.changeLanguage('en');
    expect(i18n.language()).toBe('en');
    const request = http.expectOne({ method: 'PUT', url: '/api/identity/me/settings' });
    expect(request.request.body).toEqual({ ...admin.settings, language: 'en' });
    request.flush({ ...admin.settings, language: 'en' });
    await changing;

    expect(store.me()?.settings.language).toBe('en');
  });

  it('switches back when the server refuses the new language', async () => {
    const loading = store.load();
    http
      .expectOne('/api/identity/session')
      .flush(signedIn({ ...admin, settings: { ...admin.settings, language: 'ru' } }));
    await loading;

    const changing = store.changeLanguage('en');
    http
      .expectOne('/api/identity/me/settings')
      .flush({ title: 'Ошибка' }, { status: 500, statusText: 'Server Error' });

    await expect(changing).rejects.toBeTruthy();
    expect(i18n.language()).toBe('ru');
    expect(store.me()?.settings.language).toBe('ru');
  });

  it('changes the language without a call before sign-in', async () => {
    await store.changeLanguage('en');

    http.expectNone('/api/identity/me/settings');
    expect(i18n.language()).toBe('en');
  });

  it('is signed out, with a warning, when the server cannot answer', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const loading = store.load();
    http
      .expectOne('/api/identity/session')
      .flush({ title: 'Server Error' }, { status: 503, statusText: 'Unavailable' });
    await loading;

    expect(store.status()).toBe('signed-out');
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });

  it('forgets the user when the session expires', async () => {
    const loading = store.load();
    http.expectOne('/api/identity/session').flush(signedIn(admin));
    await loading;

    store.expire();

    expect(store.isSignedIn()).toBe(false);
    expect(store.status()).toBe('signed-out');
  });
});
