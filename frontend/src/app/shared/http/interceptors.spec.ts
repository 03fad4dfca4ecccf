import { HttpClient, HttpContext, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { I18n } from '../i18n/i18n';
import { acceptLanguageInterceptor } from './accept-language';
import { EXPECTS_UNAUTHORIZED, SESSION_EXPIRED, unauthorizedInterceptor } from './unauthorized';

describe('HTTP interceptors', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let expired: ReturnType<typeof vi.fn>;
  let router: Router;

  beforeEach(() => {
    localStorage.clear();
    expired = vi.fn();
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideRouter([]),
        provideHttpClient(withInterceptors([acceptLanguageInterceptor, unauthorizedInterceptor])),
        provideHttpClientTesting(),
        { provide: SESSION_EXPIRED, useValue: expired },
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
  });

  afterEach(() => backend.verify());

  it('sends the UI language as Accept-Language on API calls', () => {
    http.get('/api/identity/users').subscribe();
    expect(backend.expectOne('/api/identity/users').request.headers.get('Accept-Language')).toBe(
      'ru',
    );

    TestBed.inject(I18n).use('en');
    http.get('/api/identity/users').subscribe();
    expect(backend.expectOne('/api/identity/users').request.headers.get('Accept-Language')).toBe(
      'en',
    );
  });

  it('ends the session and opens the sign-in page on an unexpected 401', async () => {
    const navigate = vi.spyOn(router, 'navigate').mockResolvedValue(true);
    const call = firstValueFrom(http.get('/api/identity/users'));
    backend
      .expectOne('/api/identity/users')
      .flush({ status: 401 }, { status: 401, statusText: 'Unauthorized' });

    await expect(call).rejects.toMatchObject({ status: 401 });
    expect(expired).toHaveBeenCalled();
    expect(navigate).toHaveBeenCalledWith(['/sign-in'], { queryParams: { returnUrl: '/' } });
  });

  it('leaves a 401 alone when the caller expects it', async () => {
    const navigate = vi.spyOn(router, 'navigate');
    const context = new HttpContext().set(EXPECTS_UNAUTHORIZED, true);
    const call = firstValueFrom(http.get('/api/identity/me', { context }));
    backend.expectOne('/api/identity/me').flush(null, { status: 401, statusText: 'Unauthorized' });

    await expect(call).rejects.toMatchObject({ status: 401 });
    expect(expired).not.toHaveBeenCalled();
    expect(navigate).not.toHaveBeenCalled();
  });

  it('does not treat 403 as a lost session', async () => {
    const call = firstValueFrom(http.post('/api/identity/users', {}));
    backend.expectOne('/api/identity/users').flush(null, { status: 403, statusText: 'Forbidden' });

    await expect(call).rejects.toMatchObject({ status: 403 });
    expect(expired).not.toHaveBeenCalled();
  });
});
