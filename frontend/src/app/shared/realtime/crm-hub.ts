import { Injectable, OnDestroy, signal } from '@angular/core';
import {
  HubConnection,
  HubConnectionBuilder,
  HubConnectionState,
  LogLevel,
} from '@microsoft/signalr';

export type HubStatus = 'disconnected' | 'connecting' | 'connected' | 'reconnecting';

/**
 * The one SignalR connection to /hubs/crm (same origin, the session cookie). Screens
 * watch topics such as "pipeline:{id}"; after an automatic reconnect the server has
 * forgotten the connection's groups, so every watched topic is watched again.
 */
@Injectable({ providedIn: 'root' })
export class CrmHub implements OnDestroy {
  private connection: HubConnection | null = null;
  private starting: Promise<void> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly topics = new Map<string, number>();
  private readonly statusState = signal<HubStatus>('disconnected');
  /** Called after a reconnect: what was missed while offline must be re-read. */
  private readonly reconnectListeners = new Set<() => void>();
  /** Holders of the connection without a topic (the user's own pushes, e.g. task reminders). */
  private holders = 0;

  readonly status = this.statusState.asReadonly();

  /** Listens to a server method; returns the way to stop. */
  on<T>(method: string, handler: (message: T) => void): () => void {
    const connection = this.ensureConnection();
    connection.on(method, handler);
    return () => connection.off(method, handler);
  }

  onReconnected(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  /**
   * Keeps the connection up without watching a topic: the server joins every connection to
   * its user's own topic, so messages for the user (reminders) arrive. Returns the way to let go.
   */
  connect(): () => void {
    this.holders++;
    void this.start();
    let done = false;
    return () => {
      if (!done) {
        done = true;
        this.holders--;
      }
    };
  }

  /** Watches a topic until the returned function is called. */
  watch(topic: string): () => void {
    this.topics.set(topic, (this.topics.get(topic) ?? 0) + 1);
    void this.start().then(() => {
      // The screen may have left while the connection was starting.
      if (this.topics.has(topic)) {
        void this.invoke('Watch', topic);
      }
    });
    let done = false;
    return () => {
      if (done) {
        return;
      }
      done = true;
      const left = (this.topics.get(topic) ?? 1) - 1;
      if (left > 0) {
        this.topics.set(topic, left);
        return;
      }
      this.topics.delete(topic);
      void this.invoke('Unwatch', topic);
    };
  }

  /** Ends the connection (sign-out): the next watch connects again as whoever is signed in. */
  async stop(): Promise<void> {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.topics.clear();
    this.holders = 0;
    await this.connection?.stop();
  }

  ngOnDestroy(): void {
    clearTimeout(this.retryTimer);
    void this.connection?.stop();
  }

  private ensureConnection(): HubConnection {
    if (!this.connection) {
      const connection = new HubConnectionBuilder()
        .withUrl('/hubs/crm', { withCredentials: true })
        .withAutomaticReconnect([0, 2000, 5000, 10000, 30000])
        .configureLogging(LogLevel.Warning)
        .build();
      connection.onreconnecting(() => this.statusState.set('reconnecting'));
      connection.onreconnected(() => {
        this.statusState.set('connected');
        for (const topic of this.topics.keys()) {
          void this.invoke('Watch', topic);
        }
        this.reconnectListeners.forEach((listener) => listener());
      });
      connection.onclose(() => {
        this.statusState.set('disconnected');
        // Automatic reconnect gave up (server down for long): keep trying while watched.
        this.retryLater();
      });
      this.connection = connection;
    }
    return this.connection;
  }

  private start(): Promise<void> {
    const connection = this.ensureConnection();
    if (connection.state === HubConnectionState.Connected) {
      return Promise.resolve();
    }
    this.starting ??= (async () => {
      this.statusState.set('connecting');
      try {
        if (connection.state === HubConnectionState.Disconnected) {
          await connection.start();
        }
        this.statusState.set('connected');
      } catch (error) {
        this.statusState.set('disconnected');
        console.warn('Live updates are off for now', error);
        this.retryLater();
      } finally {
        this.starting = null;
      }
    })();
    return this.starting;
  }

  private retryLater(): void {
    if ((this.topics.size === 0 && this.holders === 0) || this.retryTimer) {
      return;
    }
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.start().then(() => {
        if (this.connection?.state === HubConnectionState.Connected) {
          this.rewatch();
        }
      });
    }, 15_000);
  }

  private rewatch(): void {
    for (const topic of this.topics.keys()) {
      void this.invoke('Watch', topic);
    }
    this.reconnectListeners.forEach((listener) => listener());
  }

  private async invoke(method: 'Watch' | 'Unwatch', topic: string): Promise<void> {
    const connection = this.connection;
    if (connection?.state !== HubConnectionState.Connected) {
      return;
    }
    try {
      await connection.invoke(method, topic);
    } catch (error) {
      console.warn(`${method}(${topic}) failed`, error);
    }
  }
}
