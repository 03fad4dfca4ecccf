import { formatDue } from '../../shared/format/due';
import { formatFileSize } from '../../shared/format/file-size';
import { formatMoney } from '../../shared/format/money';
import { formatRelativeDateTime } from '../../shared/format/relative-time';
import { I18n } from '../../shared/i18n/i18n';
import { TranslationKey } from '../../shared/i18n/ru';
import { AppNotification, FeedEntry } from './models';

type Names = Readonly<Record<string, string>>;

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const list = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);

/**
 * A system entry as a manager would say it, from its `type`, `data` and the page's `names`:
 * «Этап: Первичный контакт → Переговоры», «Бюджет: 100 000 ₽ → 150 000 ₽». Plain text: the
 * template shows it as text, never as HTML.
 */
export function systemText(entry: FeedEntry, names: Names, i18n: I18n): string {
  const d = entry.data ?? {};
  const dash = '—';
  const name = (id: unknown): string => (typeof id === 'string' && names[id]) || dash;
  const when = (iso: unknown): string =>
    typeof iso === 'string' ? formatRelativeDateTime(iso, i18n) : dash;
  const money = (amount: unknown, currency: unknown): string =>
    num(amount) === null ? dash : formatMoney(num(amount), i18n.locale(), str(currency) || 'RUB');
  const t = (key: TranslationKey, params?: Record<string, string>) => i18n.t(key, params);
  switch (entry.type) {
    case 'deal.created':
      return t('lenta.dealCreated', { name: str(d['name']), stage: name(d['stageId']) });
    case 'deal.stageChanged':
      return t('lenta.stageChanged', { from: name(d['fromStageId']), to: name(d['toStageId']) });
    case 'deal.assigned':
      return t('lenta.assigned', { from: name(d['fromUserId']), to: name(d['toUserId']) });
    case 'deal.won':
      // The stage it left, when Messaging saw the move (the card's stage history is the feed alone).
      return str(d['fromStageId'])
        ? t('lenta.wonFrom', { from: name(d['fromStageId']), to: name(d['stageId']) })
        : t('lenta.won');
    case 'deal.lost': {
      const reason = str(d['reason']);
      if (str(d['fromStageId'])) {
        const moved = { from: name(d['fromStageId']), to: name(d['stageId']) };
        return reason
          ? t('lenta.lostFrom', { ...moved, reason })
          : t('lenta.lostFromNoReason', moved);
      }
      return reason ? t('lenta.lost', { reason }) : t('lenta.lostNoReason');
    }
    case 'deal.renamed':
      return t('lenta.renamed', { from: str(d['from']) || dash, to: str(d['to']) || dash });
    case 'deal.budgetChanged':
      return t('lenta.budget', {
        from: money(d['from'], d['fromCurrency']),
        to: money(d['to'], d['currency']),
      });
    case 'deal.companyLinked':
      return t('lenta.companyLinked', { name: name(d['companyId']) });
    case 'deal.companyUnlinked':
      return t('lenta.companyUnlinked', { name: name(d['companyId']) });
    case 'deal.contactsLinked':
      return t('lenta.contactsLinked', { names: list(d['contactIds']).map(name).join(', ') });
    case 'deal.contactsUnlinked':
      return t('lenta.contactsUnlinked', { names: list(d['contactIds']).map(name).join(', ') });
    case 'deal.deleted':
      return t('lenta.dealDeleted');
    case 'linkedToDeal':
      return t('lenta.linkedToDeal', { name: names[str(d['dealId'])] || str(d['dealName']) });
    case 'task.created':
      return t('lenta.taskCreated', { text: str(d['text']), due: when(d['dueAt']) });
    case 'task.completed':
      return str(d['result'])
        ? t('lenta.taskCompleted', { text: str(d['text']), result: str(d['result']) })
        : t('lenta.taskCompletedNoResult', { text: str(d['text']) });
    case 'task.rescheduled':
      return t('lenta.taskRescheduled', {
        text: str(d['text']),
        from: when(d['fromDueAt']),
        to: when(d['dueAt']),
      });
    case 'task.reassigned':
      return t('lenta.taskReassigned', {
        text: str(d['text']),
        from: name(d['fromUserId']),
        to: name(d['responsibleId']),
      });
    case 'request.accepted': {
      // Who sent it; the rest of what they sent is in requestFacts, under the line.
      const details = [str(d['contactName']), str(d['companyName'])].filter(Boolean);
      const source = str(d['source']);
      const key: TranslationKey =
        source === 'mail'
          ? 'lenta.requestAcceptedMail'
          : source === 'api'
            ? 'lenta.requestAcceptedApi'
            : 'lenta.requestAcceptedForm';
      return t(key, { details: details.join(', ') || dash });
    }
    case 'request.replied':
      return t('lenta.requestReplied', {
        from: str(d['fromName']) || str(d['fromAddress']) || dash,
        subject: str(d['subject']) || dash,
      });
    default:
      return t('lenta.unknown', { type: entry.type });
  }
}

/** The longer text a system entry carries under its line: the client's message, a mail's text. */
export function systemDetail(entry: FeedEntry): string {
  const d = entry.data ?? {};
  if (entry.type === 'request.accepted') {
    return str(d['message']);
  }
  if (entry.type === 'request.replied') {
    return str(d['text']);
  }
  return '';
}

/** One row of what a request's entry lists: a label and its values (phones and e-mails as links). */
export interface Fact {
  readonly label: TranslationKey;
  readonly values: readonly TextPart[];
}

/** The request an entry tells of, whose card («Заявка») it opens: accepted or replied to. */
export function requestOf(entry: FeedEntry): string | null {
  return entry.type === 'request.accepted' || entry.type === 'request.replied'
    ? str(entry.data?.['requestId']) || null
    : null;
}

/**
 * Everything the client sent, as the feed lists it under a `request.accepted` entry (the manual:
 * "там перечислены все данные, которые отправил нам клиент"), or what a client's mail in the
 * request's thread came with (`request.replied`: sender, subject, attachments). Rows without a
 * value are left out; phones and e-mails are `tel:`/`mailto:` links; all of it is text.
 */
export function requestFacts(entry: FeedEntry, i18n: I18n): Fact[] {
  const d = entry.data ?? {};
  const text = (value: unknown): TextPart[] => (str(value) ? [{ text: str(value) }] : []);
  const when = (iso: unknown): TextPart[] =>
    str(iso) ? [{ text: formatRelativeDateTime(str(iso), i18n) }] : [];
  const links = (values: string[], scheme: string): TextPart[] =>
    values.map((value) => ({ text: value, href: `${scheme}:${value}` }));
  let facts: Fact[];
  if (entry.type === 'request.accepted') {
    const source = str(d['source']);
    facts = [
      {
        label: 'inbox.source',
        values:
          source === 'form' || source === 'mail' || source === 'api'
            ? [{ text: i18n.t(`inbox.source.${source}`) }]
            : text(source),
      },
      { label: 'inbox.receivedAt', values: when(d['receivedAt']) },
      { label: 'inbox.contactName', values: text(d['contactName']) },
      { label: 'inbox.phones', values: links(list(d['phones']), 'tel') },
      { label: 'inbox.emails', values: links(list(d['emails']), 'mailto') },
      { label: 'inbox.companyName', values: text(d['companyName']) },
      { label: 'inbox.subject', values: text(d['subject']) },
      { label: 'inbox.region', values: text(d['region']) },
    ];
  } else if (entry.type === 'request.replied') {
    const address = str(d['fromAddress']);
    const from = str(d['fromName']);
    const files = Array.isArray(d['attachments']) ? (d['attachments'] as unknown[]) : [];
    facts = [
      {
        label: 'lenta.mailFrom',
        values: address
          ? [{ text: from ? `${from} <${address}>` : address, href: `mailto:${address}` }]
          : text(from),
      },
      { label: 'inbox.subject', values: text(d['subject']) },
      { label: 'inbox.receivedAt', values: when(d['receivedAt']) },
      {
        label: 'inbox.mail.attachments',
        values: files
          .map((file) =>
            file && typeof file === 'object' ? (file as Record<string, unknown>) : {},
          )
          .filter((file) => str(file['fileName']))
          .map((file) => ({
            text:
              num(file['size']) === null
                ? str(file['fileName'])
                : `${str(file['fileName'])} (${formatFileSize(num(file['size'])!, i18n.locale())})`,
          })),
      },
    ];
  } else {
    return [];
  }
  return facts.filter((fact) => fact.values.length > 0);
}

/** «Ольга Петрова упомянул(а) вас в сделке «Кресла»», «Вам передана сделка «Кресла»». */
export function notificationText(n: AppNotification, i18n: I18n): string {
  const d = n.data ?? {};
  switch (n.kind) {
    case 'mention': {
      const key: TranslationKey =
        n.linkKind === 'company'
          ? 'bell.mentionCompany'
          : n.linkKind === 'contact'
            ? 'bell.mentionContact'
            : 'bell.mentionDeal';
      return i18n.t(key, { author: str(d['authorName']), subject: str(d['subjectName']) });
    }
    case 'dealAssigned':
      return str(d['byName'])
        ? i18n.t('bell.dealAssignedBy', { deal: str(d['dealName']), by: str(d['byName']) })
        : i18n.t('bell.dealAssigned', { deal: str(d['dealName']) });
    case 'taskReminder':
    case 'taskOverdue': {
      const subject = str(d['subjectName']);
      const base = i18n.t(n.kind === 'taskReminder' ? 'bell.taskReminder' : 'bell.taskOverdue', {
        text: str(d['text']),
      });
      return subject ? `${base} — ${subject}` : base;
    }
    case 'inboxRequest':
      return i18n.t('bell.inboxRequest', {
        who:
          [str(d['contactName']), str(d['companyName'])].filter(Boolean).join(', ') ||
          str(d['subject']) ||
          '—',
      });
    case 'chatMessage':
      return str(d['channelName'])
        ? i18n.t('bell.chatMessageIn', {
            author: str(d['authorName']),
            channel: str(d['channelName']),
          })
        : i18n.t('bell.chatMessage', { author: str(d['authorName']) });
    default:
      return i18n.t('bell.title');
  }
}

/**
 * A line under the notification's: the mention's or chat message's text, a task's due time
 * («Срок: сегодня 15:30», as the tasks' lists say it), a request's subject.
 */
export function notificationQuote(n: AppNotification, i18n: I18n): string {
  const d = n.data ?? {};
  switch (n.kind) {
    case 'mention':
    case 'chatMessage':
      return str(d['text']);
    case 'taskReminder':
    case 'taskOverdue':
      return str(d['dueAt'])
        ? i18n.t('bell.taskDue', {
            due: formatDue({ dueAt: str(d['dueAt']), allDay: d['allDay'] === true }, i18n),
          })
        : '';
    case 'inboxRequest':
      return [str(d['subject']), str(d['region'])].filter(Boolean).join(' · ');
    default:
      return '';
  }
}

/** Where a notification leads: a card, the chat's channel, a request's card, or the tasks. */
export function notificationLink(
  n: AppNotification,
): { path: string[]; query?: Record<string, string> } | null {
  if (!n.linkId) {
    return n.linkKind === 'task' ? { path: ['/tasks'] } : null;
  }
  switch (n.linkKind) {
    case 'deal':
      return { path: ['/deals', n.linkId] };
    case 'company':
      return { path: ['/lists/companies', n.linkId] };
    case 'contact':
      return { path: ['/lists/contacts', n.linkId] };
    case 'channel':
      return { path: ['/chat'], query: { channel: n.linkId } };
    case 'task':
      return { path: ['/tasks'] };
    case 'request':
      return { path: ['/inbox'], query: { request: n.linkId } };
    default:
      return null;
  }
}

export type TextPart = { readonly text: string; readonly href?: string };

const LINK = /https?:\/\/[^\s<>"']+/gi;

/**
 * A plain text cut into pieces, the http(s) links among them (trailing punctuation left out),
 * for a template to show each piece as text or as an `<a>`: nothing is ever parsed as HTML.
 */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    let url = match[0];
    const trail = /[.,;:!?)\]»]+$/.exec(url);
    if (trail) {
      url = url.slice(0, -trail[0].length);
    }
    const start = match.index ?? 0;
    if (start > last) {
      parts.push({ text: text.slice(last, start) });
    }
    parts.push({ text: url, href: url });
    last = start + url.length;
  }
  if (last < text.length) {
    parts.push({ text: text.slice(last) });
  }
  return parts;
}
