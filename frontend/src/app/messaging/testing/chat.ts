import { Channel, ChatMessage } from '../data-access/models';

/** A channel as GET /channels lists it; override what the test is about. */
export function channel(id: string, overrides: Partial<Channel> = {}): Channel {
  return {
    id,
    kind: 'public',
    name: `Канал ${id}`,
    userId: null,
    lastMessageAt: '2026-03-01T10:00:00Z',
    unread: 0,
    ...overrides,
  };
}

/** A chat message of `u2` in `c1`; override what the test is about. */
export function message(id: string, overrides: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id,
    version: 1,
    channelId: 'c1',
    authorId: 'u2',
    text: `Текст ${id}`,
    createdAt: '2026-03-01T12:00:00Z',
    editedAt: null,
    ...overrides,
  };
}
