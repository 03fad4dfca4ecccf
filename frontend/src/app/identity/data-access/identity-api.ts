import { HttpClient, HttpContext } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { EXPECTS_UNAUTHORIZED } from '../../shared/http/unauthorized';
import {
  ApiToken,
  ChangePasswordRequest,
  CreateUserRequest,
  CreatedApiToken,
  Me,
  SessionProbe,
  Settings,
  SignInRequest,
  UpdateUserRequest,
  User,
} from './models';

const BASE = '/api/identity';

/** Thin client of the Identity module's REST API; no state here. */
@Injectable({ providedIn: 'root' })
export class IdentityApi {
  private readonly http = inject(HttpClient);
  private readonly answersUnauthorized = () => new HttpContext().set(EXPECTS_UNAUTHORIZED, true);

  /**
   * Who is signed in, if anyone: 200 either way, so a visitor's page load shows no failed
   * request (GET /me answers 401 then, which the browser logs as an error).
   */
  session(): Observable<SessionProbe> {
    return this.http.get<SessionProbe>(`${BASE}/session`);
  }

  signIn(request: SignInRequest): Observable<Me> {
    return this.http.post<Me>(`${BASE}/sign-in`, request, { context: this.answersUnauthorized() });
  }

  signOut(): Observable<void> {
    return this.http.post<void>(`${BASE}/sign-out`, null, { context: this.answersUnauthorized() });
  }

  /** 204; ends my other sessions (this one stays), and my API tokens when asked. */
  changePassword(request: ChangePasswordRequest): Observable<void> {
    return this.http.post<void>(`${BASE}/me/password`, request);
  }

  /** 204; ends all my browser sessions, this one included (API tokens stay). */
  signOutEverywhere(): Observable<void> {
    return this.http.post<void>(`${BASE}/me/sign-out-everywhere`, null);
  }

  saveSettings(settings: Settings): Observable<Settings> {
    return this.http.put<Settings>(`${BASE}/me/settings`, settings);
  }

  tokens(): Observable<ApiToken[]> {
    return this.http.get<ApiToken[]>(`${BASE}/me/tokens`);
  }

  createToken(name: string): Observable<CreatedApiToken> {
    return this.http.post<CreatedApiToken>(`${BASE}/me/tokens`, { name });
  }

  revokeToken(id: string): Observable<void> {
    return this.http.delete<void>(`${BASE}/me/tokens/${encodeURIComponent(id)}`);
  }

  users(): Observable<User[]> {
    return this.http.get<User[]>(`${BASE}/users`);
  }

  createUser(request: CreateUserRequest): Observable<User> {
    return this.http.post<User>(`${BASE}/users`, request);
  }

  updateUser(id: string, request: UpdateUserRequest): Observable<User> {
    return this.http.put<User>(`${BASE}/users/${encodeURIComponent(id)}`, request);
  }

  deactivateUser(id: string): Observable<User> {
    return this.http.post<User>(`${BASE}/users/${encodeURIComponent(id)}/deactivate`, null);
  }

  activateUser(id: string): Observable<User> {
    return this.http.post<User>(`${BASE}/users/${encodeURIComponent(id)}/activate`, null);
  }

  resetPassword(id: string, password: string): Observable<void> {
    return this.http.post<void>(`${BASE}/users/${encodeURIComponent(id)}/reset-password`, {
      password,
    });
  }
}
