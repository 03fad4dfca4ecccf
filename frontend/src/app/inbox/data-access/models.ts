/** Types of docs/inbox-api.md (the Inbox module). */
export type RequestSource = 'form' | 'mail' | 'api';
export type RequestStatus = 'new' | 'accepted' | 'declined';
export const REQUEST_STATUSES: readonly RequestStatus[] = ['new', 'accepted', 'declined'];

/** A request: from a web form, the shared mailbox or the API; `raw` only on a single one. */
export interface InboxRequest {
  readonly id: string;
  readonly version: number;
  readonly source: RequestSource;
  readonly pipelineId: string;
  readonly status: RequestStatus;
  readonly receivedAt: string;
  readonly contactName: string;
  readonly phones: readonly string[];
  readonly emails: readonly string[];
  readonly companyName: string | null;
  readonly subject: string | null;
  readonly message: string;
  readonly region: string | null;
  readonly decidedBy: string | null;
  readonly decidedByName: string | null;
  readonly decidedAt: string | null;
  readonly declineReason: string | null;
  readonly dealId: string | null;
  readonly raw?: string | null;
  readonly rawType?: string | null;
  /** Only on a single one: a mail's request has its mail and the client's replies, oldest first. */
  readonly mails?: readonly RequestMail[];
}

/** `request`: the mail the request was made of; `reply`: the client wrote again in its thread. */
export type RequestMailKind = 'request' | 'reply';

/** A mail of a request; its `text` is plain text (the server reduced any HTML to text). */
export interface RequestMail {
  readonly id: string;
  readonly kind: RequestMailKind;
  readonly fromName: string | null;
  readonly fromAddress: string | null;
  readonly subject: string;
  readonly text: string;
  /** The Date header (the sender's clock), or null. */
  readonly sentAt: string | null;
  /** When the mail server took it. */
  readonly receivedAt: string;
  readonly attachments: readonly MailAttachment[];
}

/** An attachment of a request's mail: downloadable when `kept` (its content was within the caps). */
export interface MailAttachment {
  readonly id: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly size: number;
  readonly inline: boolean;
  readonly kept: boolean;
}

export interface RequestPage {
  readonly items: readonly InboxRequest[];
  readonly nextCursor: string | null;
  /** On the first page only (null on the next ones). */
  readonly total: number | null;
}

export interface RequestQuery {
  readonly status: RequestStatus;
  readonly pipelineId?: string | null;
  readonly after?: string | null;
  readonly limit?: number;
}

export interface AcceptResult {
  readonly request: InboxRequest;
  readonly dealId: string;
}

/** `requestChanged` on `pipeline:{id}`: every change of a request, once committed. */
export interface RequestChanged {
  readonly pipelineId: string;
  readonly requestId: string;
  readonly status: RequestStatus;
  readonly request: InboxRequest;
}

/** The 409 of accept and decline: who was first. */
export interface RequestTaken {
  readonly requestStatus?: RequestStatus;
  readonly decidedBy?: string;
  readonly decidedByName?: string;
  readonly dealId?: string | null;
}

export type FieldMode = 'off' | 'optional' | 'required';
export const FIELD_MODES: readonly FieldMode[] = ['off', 'optional', 'required'];
export type FormFieldName =
  'contactName' | 'phone' | 'email' | 'companyName' | 'region' | 'message';
/** In the snippet's order. */
export const FORM_FIELDS: readonly FormFieldName[] = [
  'contactName',
  'phone',
  'email',
  'companyName',
  'region',
  'message',
];
export type FormFields = Readonly<Record<FormFieldName, FieldMode>>;

export interface WebForm {
  readonly id: string;
  readonly version: number;
  readonly name: string;
  readonly pipelineId: string;
  readonly fields: FormFields;
  readonly allowedOrigins: readonly string[];
  readonly thankYou: string;
  readonly enabled: boolean;
  readonly key: string;
  readonly createdAt: string;
}

export interface SaveFormRequest {
  readonly name: string;
  readonly pipelineId: string;
  readonly fields: FormFields;
  readonly allowedOrigins: readonly string[];
  readonly thankYou: string | null;
  readonly enabled: boolean;
  readonly version?: number;
}

export interface FormSnippet {
  readonly action: string;
  readonly html: string;
}

export interface UserRegions {
  readonly userId: string;
  readonly displayName: string;
  readonly regions: readonly string[];
}

export type MailboxSecurity = 'none' | 'startTls' | 'tls';
export const MAILBOX_SECURITIES: readonly MailboxSecurity[] = ['tls', 'startTls', 'none'];
/**
 * `waiting`: not read since added or saved; `ok`; `retrying`: a failure that passes (tried again
 * later, ever less often); `stopped`: a failure only the admin can end (not tried again until the
 * settings are saved or a check passes).
 */
export type MailboxState = 'waiting' | 'ok' | 'retrying' | 'stopped';

/** What failed, as the server names it (docs/inbox-api.md, Shared mailboxes). */
export type MailboxFailure =
  | 'connection'
  | 'tls'
  | 'authentication'
  | 'folderNotFound'
  | 'timeout'
  | 'protocol'
  | 'pipelineRefused'
  | 'internal';

export interface MailboxStatus {
  readonly state: MailboxState;
  readonly lastPolledAt: string | null;
  readonly lastSuccessAt: string | null;
  /** What the last attempt failed on; null when it did not fail. */
  readonly lastFailure: MailboxFailure | null;
  /** The server's words for it, in the user's language (host, port, user, folder; never the password). */
  readonly lastError: string | null;
  /** Null when stopped or disabled. */
  readonly nextAttemptAt: string | null;
  /** Mails taken from it so far (requests and replies). */
  readonly mailsTaken: number;
}

/** A shared mailbox; its password is never sent back. */
export interface Mailbox {
  readonly id: string;
  readonly version: number;
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly security: MailboxSecurity;
  readonly user: string;
  readonly folder: string;
  readonly pipelineId: string;
  readonly acceptSelfSignedCertificate: boolean;
  readonly enabled: boolean;
  readonly createdAt: string;
  readonly status: MailboxStatus;
}

export interface SaveMailboxRequest {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly security: MailboxSecurity;
  readonly user: string;
  /** Null or left out on a PUT: unchanged. */
  readonly password?: string | null;
  readonly folder?: string | null;
  readonly pipelineId: string;
  readonly acceptSelfSignedCertificate: boolean;
  readonly enabled: boolean;
  readonly version?: number;
}

/** «Проверить»: connected, logged in and opened the folder, or what failed and the server's words. */
export interface MailboxCheck {
  readonly ok: boolean;
  readonly failure: MailboxFailure | null;
  readonly error: string | null;
}
