import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import {
  Channel,
  ChannelList,
  ChatMessage,
  ChatMessagePage,
  FeedEntry,
  FeedFilter,
  FeedKind,
  FeedPage,
  NotificationKind,
  NotificationPage,
  NotificationSettings,
} from './models';

/** REST client of Messaging's feed, notifications and chat (docs/messaging-api.md). */
@Injectable({ providedIn: 'root' })
export class MessagingApi {
  private readonly http = inject(HttpClient);

  feed(
    kind: FeedKind,
    id: string,
    filter: FeedFilter,
    after?: string | null,
  ): Observable<FeedPage> {
    let params = new HttpParams();
    if (filter !== 'all') {
      params = params.set('filter', filter);
    }
    if (after) {
      params = params.set('after', after);
    }
    return this.http.get<FeedPage>(`/api/messaging/feed/${kind}/${id}`, { params });
  }

  write(
    kind: FeedKind,
    id: string,
    body: { type: 'note' | 'message'; text: string; mentions?: readonly string[] },
  ): Observable<FeedEntry> {
    return this.http.post<FeedEntry>(`/api/messaging/feed/${kind}/${id}`, body);
  }

  edit(entry: FeedEntry, text: string): Observable<FeedEntry> {
    return this.http.put<FeedEntry>(`/api/messaging/feed/entries/${entry.id}`, {
      text,
      version: entry.version,
    });
  }

  remove(entryId: string): Observable<void> {
    return this.http.delete<void>(`/api/messaging/feed/entries/${entryId}`);
  }

  pin(entryId: string, pinned: boolean): Observable<FeedEntry> {
    return this.http.post<FeedEntry>(`/api/messaging/feed/entries/${entryId}/pin`, { pinned });
  }

  notifications(after?: string | null): Observable<NotificationPage> {
    let params = new HttpParams();
    if (after) {
      params = params.set('after', after);
    }
    return this.http.get<NotificationPage>('/api/messaging/notifications', { params });
  }

  notificationSettings(): Observable<NotificationSettings> {
    return this.http.get<NotificationSettings>('/api/messaging/notifications/settings');
  }

  /** Kinds left out stay as they were; the answer is the whole settings. */
  saveNotificationSettings(
    kinds: Partial<Record<NotificationKind, boolean>>,
  ): Observable<NotificationSettings> {
    return this.http.put<NotificationSettings>('/api/messaging/notifications/settings', { kinds });
  }

  markRead(body: { ids: readonly string[] } | { all: true }): Observable<{ unread: number }> {
    return this.http.post<{ unread: number }>('/api/messaging/notifications/read', body);
  }

  channels(): Observable<ChannelList> {
    return this.http.get<ChannelList>('/api/messaging/channels');
  }

  createChannel(body: {
    name: string;
    kind: 'public' | 'private';
    members?: readonly string[];
  }): Observable<Channel> {
    return this.http.post<Channel>('/api/messaging/channels', body);
  }

  /** Opens (the first time, makes) the direct conversation with a colleague. */
  direct(userId: string): Observable<Channel> {
    return this.http.post<Channel>(`/api/messaging/direct/${userId}`, {});
  }

  messages(channelId: string, after?: string | null): Observable<ChatMessagePage> {
    let params = new HttpParams();
    if (after) {
      params = params.set('after', after);
    }
    return this.http.get<ChatMessagePage>(`/api/messaging/channels/${channelId}/messages`, {
      params,
    });
  }

  post(channelId: string, text: string): Observable<ChatMessage> {
    return this.http.post<ChatMessage>(`/api/messaging/channels/${channelId}/messages`, { text });
  }

  editMessage(message: ChatMessage, text: string): Observable<ChatMessage> {
    return this.http.put<ChatMessage>(`/api/messaging/messages/${message.id}`, {
      text,
      version: message.version,
    });
  }

  deleteMessage(messageId: string): Observable<void> {
    return this.http.delete<void>(`/api/messaging/messages/${messageId}`);
  }

  /** Marks the channel read up to its latest message; answers the list with the counts. */
  readChannel(channelId: string): Observable<ChannelList> {
    return this.http.post<ChannelList>(`/api/messaging/channels/${channelId}/read`, {});
  }
}
