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
 *
 * A screen reads what it shows when it starts to watch. A change told between that read and
 * the watch being in place on the server would be lost, so a watch may say how to catch up:
 * when the connection was not up at the watch (the read went first), the catch-up runs once
 * the watch is in place, and after every reconnect once the topic is watched again. With the
 * connection up, the watch is sent at once, before the screen's read.
 */
@Injectable({ providedIn: 'root' })
export class CrmHub implements OnDestroy {
  private connection: HubConnection | null = null;
  private starting: Promise<void> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly topics = new Map<string, number>();
  /** What the screens watching a topic do to catch up on what they may have missed. */
  private readonly catchUps = new Map<string, Set<() => void>>();
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

  /** Watches a topic until the returned function is called; see the class for `catchUp`. */
  watch(topic: string, catchUp?: () => void): () => void {
    this.topics.set(topic, (this.topics.get(topic) ?? 0) + 1);
    // A function of this watch's own, so that a screen passing the same one twice holds two.
    const mine = catchUp ? () => catchUp() : null;
    if (mine) {
      this.catchUps.set(topic, (this.catchUps.get(topic) ?? new Set()).add(mine));
    }
    const upAlready = this.connection?.state === HubConnectionState.Connected;
    void this.start().then(async () => {
      // The screen may have left while the connection was starting.
      if (this.topics.has(topic) && (await this.invoke('Watch', topic)) && !upAlready) {
        if (mine && this.catchUps.get(topic)?.has(mine)) {
          mine();
        }
      }
    });
    let done = false;
    return () => {
      if (done) {
        return;
      }
      done = true;
      if (mine) {
        this.catchUps.get(topic)?.delete(mine);
      }
      const left = (this.topics.get(topic) ?? 1) - 1;
      if (left > 0) {
        this.topics.set(topic, left);
        return;
      }
      this.topics.delete(topic);
      this.catchUps.delete(topic);
      void this.invoke('Unwatch', topic);
    };
  }

  /** Ends the connection (sign-out): the next watch connects again as whoever is signed in. */
  async stop(): Promise<void> {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.topics.clear();
    this.catchUps.clear();
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
        this.rewatch();
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

  /** Watches every topic again on a new connection, each catching up once it is in place. */
  private rewatch(): void {
    for (const topic of this.topics.keys()) {
      void this.invoke('Watch', topic).then((watching) => {
        if (watching) {
          this.catchUps.get(topic)?.forEach((catchUp) => catchUp());
        }
      });
    }
    this.reconnectListeners.forEach((listener) => listener());
  }

  /** Whether the server did it. */
  private async invoke(method: 'Watch' | 'Unwatch', topic: string): Promise<boolean> {
    const connection = this.connection;
    if (connection?.state !== HubConnectionState.Connected) {
      return false;
    }
    try {
      await connection.invoke(method, topic);
      return true;
    } catch (error) {
      console.warn(`${method}(${topic}) failed`, error);
      return false;
    }
  }
}
