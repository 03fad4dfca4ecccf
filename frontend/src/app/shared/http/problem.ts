import { HttpErrorResponse } from '@angular/common/http';
import { I18n } from '../i18n/i18n';

/** RFC 9457 problem details as the API sends them (`errors` only on 400). */
export interface ProblemDetails {
  readonly type?: string;
  readonly title?: string;
  readonly status?: number;
  readonly detail?: string;
  readonly errors?: Readonly<Record<string, readonly string[]>>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseBody(body: unknown): Record<string, unknown> | null {
  if (isRecord(body)) {
    return body;
  }
  if (typeof body === 'string' && body.trim().startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(body);
      return isRecord(parsed) ? parsed : null;
    } catch {
      return null;
    }
  }
  return null;
}

/** The problem behind a failed call; `null` when the error is not an HTTP response. */
export function toProblem(error: unknown): ProblemDetails | null {
  if (!(error instanceof HttpErrorResponse)) {
    return null;
  }
  const body = parseBody(error.error);
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value : undefined);
  return {
    type: text(body?.['type']),
    title: text(body?.['title']),
    detail: text(body?.['detail']),
    status: typeof body?.['status'] === 'number' ? body['status'] : error.status,
    errors: isRecord(body?.['errors']) ? normalizeErrors(body['errors']) : undefined,
  };
}

/**
 * Field messages keyed as our form controls are: ASP.NET may send `Email`, `email` or
 * `$.email`; all become `email`.
 */
function normalizeErrors(errors: Record<string, unknown>): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [rawKey, value] of Object.entries(errors)) {
    const messages = (Array.isArray(value) ? value : [value]).filter(
      (message): message is string => typeof message === 'string' && message.length > 0,
    );
    if (messages.length === 0) {
      continue;
    }
    const trimmed = rawKey.replace(/^\$\.?/, '');
    const key = trimmed ? trimmed.charAt(0).toLowerCase() + trimmed.slice(1) : '';
    result[key] = [...(result[key] ?? []), ...messages];
  }
  return result;
}

/** Messages for each field, e.g. `{ email: ['Этот e-mail уже занят'] }`. */
export function fieldErrors(error: unknown): Readonly<Record<string, readonly string[]>> {
  return toProblem(error)?.errors ?? {};
}

/**
 * One sentence for the user, in their language: the server's own (localized) `detail` or
 * `title` when it sent a problem, otherwise what we know from the status code.
 */
export function problemMessage(error: unknown, i18n: I18n): string {
  const problem = toProblem(error);
  if (!problem) {
    return i18n.t('errors.unknown');
  }
  if (problem.status === 0) {
    return i18n.t('errors.network');
  }
  if (problem.detail || problem.title) {
    return (problem.detail ?? problem.title) as string;
  }
  switch (problem.status) {
    case 400:
      return i18n.t('errors.invalid');
    case 403:
      return i18n.t('errors.forbidden');
    case 404:
      return i18n.t('errors.notFound');
    case 409:
      return i18n.t('errors.conflict');
    default:
      return (problem.status ?? 0) >= 500 ? i18n.t('errors.server') : i18n.t('errors.unknown');
  }
}
