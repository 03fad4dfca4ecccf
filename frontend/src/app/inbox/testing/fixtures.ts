import {
  InboxRequest,
  Mailbox,
  MailboxStatus,
  RequestChanged,
  RequestMail,
  RequestPage,
  WebForm,
} from '../data-access/models';

/** Test data shaped as docs/inbox-api.md describes it. */
export function inboxRequest(id: string, overrides: Partial<InboxRequest> = {}): InboxRequest {
  return {
    id,
    version: 1,
    source: 'form',
    pipelineId: 'p1',
    status: 'new',
    receivedAt: '2026-03-02T09:00:00Z',
    contactName: `Клиент ${id}`,
    phones: ['+73432123456'],
    emails: [`${id}@example.com`],
    companyName: null,
    subject: null,
    message: 'Нужны кресла',
    region: 'Свердловская обл',
    decidedBy: null,
    decidedByName: null,
    decidedAt: null,
    declineReason: null,
    dealId: null,
    ...overrides,
  };
}

export function requestPage(
  items: readonly InboxRequest[],
  nextCursor: string | null = null,
  total = items.length,
): RequestPage {
  return { items, nextCursor, total };
}

export function changed(request: InboxRequest): RequestChanged {
  return {
    pipelineId: request.pipelineId,
    requestId: request.id,
    status: request.status,
    request,
  };
}

export function webForm(id: string, overrides: Partial<WebForm> = {}): WebForm {
  return {
    id,
    version: 1,
    name: `Форма ${id}`,
    pipelineId: 'p1',
    fields: {
      contactName: 'required',
      phone: 'required',
      email: 'optional',
      companyName: 'off',
      region: 'off',
      message: 'optional',
    },
    allowedOrigins: ['https://example.ru'],
    thankYou: 'Спасибо!',
    enabled: true,
    key: 'k'.repeat(43),
    createdAt: '2026-03-01T09:00:00Z',
    ...overrides,
  };
}

export function mailbox(id: string, overrides: Partial<Mailbox> = {}): Mailbox {
  return {
    id,
    version: 1,
    name: `Почта ${id}`,
    host: 'imap.example.ru',
    port: 993,
    security: 'tls',
    user: 'sales@example.ru',
    folder: 'INBOX',
    pipelineId: 'p1',
    acceptSelfSignedCertificate: false,
    enabled: true,
    createdAt: '2026-03-01T09:00:00Z',
    status: {
      state: 'ok',
      lastPolledAt: '2026-03-02T09:00:00Z',
      lastSuccessAt: '2026-03-02T09:00:00Z',
      lastFailure: null,
      lastError: null,
      nextAttemptAt: '2026-03-02T09:01:00Z',
      mailsTaken: 3,
    },
    ...overrides,
  };
}

/** A mailbox's status: `ok` unless told otherwise. */
export function mailboxStatus(overrides: Partial<MailboxStatus> = {}): MailboxStatus {
  return { ...mailbox('x').status, ...overrides };
}

/** A mail of a request, as GET /api/inbox/requests/{id} gives it in `mails`. */
export function requestMail(id: string, overrides: Partial<RequestMail> = {}): RequestMail {
  return {
    id,
    kind: 'request',
    fromName: 'Иван Петров',
    fromAddress: 'ivan@example.com',
    subject: 'Кресла в офис',
    text: 'Нужны 20 кресел',
    sentAt: '2026-03-02T08:59:00Z',
    receivedAt: '2026-03-02T09:00:00Z',
    attachments: [],
    ...overrides,
  };
}
