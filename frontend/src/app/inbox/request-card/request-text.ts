import { I18n } from '../../shared/i18n/i18n';
import { TranslationKey } from '../../shared/i18n/ru';
import { InboxRequest, RequestSource, RequestStatus } from '../data-access/models';

/** Each source with its icon and its word: an icon alone says nothing without a hover. */
export const SOURCE_ICONS: Readonly<Record<RequestSource, string>> = {
  form: 'web',
  mail: 'mail',
  api: 'api',
};

export const sourceLabel = (source: RequestSource): TranslationKey => `inbox.source.${source}`;
export const statusLabel = (status: RequestStatus): TranslationKey => `inbox.status.${status}`;

/** What a request is called on a card and in a title: the client, else the company, else its subject. */
export function requestTitle(request: InboxRequest, i18n: I18n): string {
  return (
    request.contactName.trim() ||
    request.companyName?.trim() ||
    request.subject?.trim() ||
    i18n.t('inbox.noName')
  );
}

/** The raw payload as text; JSON laid out to be read (still shown as text, never as HTML). */
export function rawText(request: InboxRequest): string {
  const raw = request.raw ?? '';
  if (request.rawType?.startsWith('application/json')) {
    try {
      return JSON.stringify(JSON.parse(raw), null, 2);
    } catch {
      return raw;
    }
  }
  return raw;
}
