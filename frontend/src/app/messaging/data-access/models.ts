/** What Messaging's API answers (docs/messaging-api.md). */
export type FeedKind = 'deal' | 'company' | 'contact';
export type FeedFilter = 'all' | 'notes' | 'messages' | 'system';

export interface FeedEntry {
  readonly id: string;
  readonly version: number;
  readonly subjectKind: FeedKind;
  readonly subjectId: string;
  readonly kind: 'note' | 'message' | 'system';
  readonly type: string;
  readonly authorId: string | null;
  readonly text: string | null;
  readonly data: Readonly<Record<string, unknown>> | null;
  readonly mentions: readonly string[] | null;
  readonly occurredAt: string;
  readonly editedAt: string | null;
  readonly pinnedAt: string | null;
  readonly pinnedBy: string | null;
}

export interface FeedPage {
  readonly items: readonly FeedEntry[];
  readonly nextCursor: string | null;
  readonly pinned: readonly FeedEntry[];
  readonly names: Readonly<Record<string, string>>;
}

export type NotificationKind =
  'mention' | 'dealAssigned' | 'taskReminder' | 'taskOverdue' | 'chatMessage' | 'inboxRequest';

/** Every kind, in the order the settings screen lists them. */
export const NOTIFICATION_KINDS: readonly NotificationKind[] = [
  'taskReminder',
  'taskOverdue',
  'mention',
  'dealAssigned',
  'chatMessage',
  'inboxRequest',
];

/** GET|PUT /api/messaging/notifications/settings: which kinds the user gets (on unless turned off). */
export interface NotificationSettings {
  readonly kinds: Readonly<Partial<Record<NotificationKind, boolean>>>;
}

export interface AppNotification {
  readonly id: string;
  readonly kind: NotificationKind;
  readonly linkKind: 'deal' | 'company' | 'contact' | 'channel' | 'task' | 'request' | null;
  readonly linkId: string | null;
  readonly data: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
  readonly readAt: string | null;
}

export interface NotificationPage {
  readonly items: readonly AppNotification[];
  readonly nextCursor: string | null;
  readonly unread: number;
}

/** `notification` on the user's own topic. */
export interface NotificationPush {
  readonly notification: AppNotification;
  readonly unread: number;
}

/** `feedChanged` on topic `feed:{kind}:{id}`. */
export interface FeedChanged {
  readonly kind: FeedKind;
  readonly id: string;
}
