import { Language } from '../../shared/i18n/i18n';

/** Types of docs/identity-api.md. */
export type Role = 'Admin' | 'HeadOfSales' | 'Manager';
export const ROLES: readonly Role[] = ['Admin', 'HeadOfSales', 'Manager'];

/** The server's shortest password (PasswordPolicy.MinLength); the server has the last word. */
export const PASSWORD_MIN_LENGTH = 10;

export interface Settings {
  readonly language: Language;
  /** IANA id, e.g. "Europe/Moscow". */
  readonly timeZone: string;
  /** 0..1440 */
  readonly reminderLeadMinutes: number;
}

export interface Me {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  readonly settings: Settings;
}

/** GET /api/identity/session: the start-up probe, 200 whether or not anyone is signed in. */
export interface SessionProbe {
  readonly signedIn: boolean;
  readonly user: Me | null;
}

export interface User {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  readonly isActive: boolean;
  readonly createdAt: string;
  readonly version: number;
}

export interface ApiToken {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
}

/** The answer to creating a token: the only time its secret is seen. */
export interface CreatedApiToken {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly token: string;
}

export interface SignInRequest {
  readonly email: string;
  readonly password: string;
}

/** POST /api/identity/me/password (docs/identity-api.md). */
export interface ChangePasswordRequest {
  readonly currentPassword: string;
  readonly newPassword: string;
  readonly revokeApiTokens: boolean;
}

export interface CreateUserRequest {
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  readonly password: string;
}

export interface UpdateUserRequest {
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  readonly version: number;
}
