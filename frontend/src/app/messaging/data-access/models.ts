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

/** `notificationsRead` on the user's own topic: these were read without them (a task's notice that no longer holds). */
export interface NotificationsReadPush {
  readonly ids: readonly string[];
  readonly unread: number;
}

/** `feedChanged` on topic `feed:{kind}:{id}`. */
export interface FeedChanged {
  readonly kind: FeedKind;
  readonly id: string;
}

/** The chat (docs/messaging-api.md "Chat"). A direct one is named by the other person, `userId`. */
export type ChannelKind = 'public' | 'private' | 'direct';

export interface Channel {
  readonly id: string;
  readonly kind: ChannelKind;
  readonly name: string;
  readonly userId: string | null;
  readonly lastMessageAt: string | null;
  readonly unread: number;
}

/** GET /channels: the latest active first; `unread` adds them up (capped at 100). */
export interface ChannelList {
  readonly items: readonly Channel[];
  readonly unread: number;
}

/** A chat message: `text` is plain text, never HTML. */
export interface ChatMessage {
  readonly id: string;
  readonly version: number;
  readonly channelId: string;
  readonly authorId: string;
  readonly text: string;
  readonly createdAt: string;
  readonly editedAt: string | null;
}

/** A channel's history page, newest first; `deals` names the deals its texts link to. */
export interface ChatMessagePage {
  readonly items: readonly ChatMessage[];
  readonly nextCursor: string | null;
  readonly names: Readonly<Record<string, string>>;
  readonly deals: Readonly<Record<string, string>>;
}

/** `chatMessage` and `chatMessageChanged` on the user's own topic. */
export interface ChatMessagePush {
  readonly channelId: string;
  readonly message: ChatMessage;
  readonly deals: Readonly<Record<string, string>>;
}

/** `chatMessageDeleted` on the user's own topic. */
export interface ChatMessageDeletedPush {
  readonly channelId: string;
  readonly messageId: string;
}

/** `chatRead` on the reader's own topic (their other tabs). */
export interface ChatReadPush {
  readonly channelId: string;
}
