import { Provider } from '@angular/core';
import { CrmHub } from './crm-hub';

/**
 * A stand-in for {@link CrmHub} in unit tests (jsdom has no server to connect to): records
 * the watched topics and lets a test deliver a server message or a reconnect.
 */
export class FakeCrmHub {
  readonly topics = new Map<string, number>();
  private readonly handlers = new Map<string, Set<(message: unknown) => void>>();
  private readonly reconnectListeners = new Set<() => void>();
  private readonly catchUps = new Set<() => void>();

  on<T>(method: string, handler: (message: T) => void): () => void {
    const set = this.handlers.get(method) ?? new Set();
    set.add(handler as (message: unknown) => void);
    this.handlers.set(method, set);
    return () => set.delete(handler as (message: unknown) => void);
  }

  onReconnected(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  connect(): () => void {
    return () => undefined;
  }

  watch(topic: string, catchUp?: () => void): () => void {
    this.topics.set(topic, (this.topics.get(topic) ?? 0) + 1);
    const mine = catchUp ? () => catchUp() : null;
    if (mine) {
      this.catchUps.add(mine);
    }
    return () => {
      if (mine) {
        this.catchUps.delete(mine);
      }
      const left = (this.topics.get(topic) ?? 1) - 1;
      if (left > 0) {
        this.topics.set(topic, left);
      } else {
        this.topics.delete(topic);
      }
    };
  }

  /** Delivers a server message to whoever listens to `method`. */
  emit(method: string, message: unknown): void {
    this.handlers.get(method)?.forEach((handler) => handler(message));
  }

  /** A reconnect: every watch catches up, as the real hub does once the topics are watched again. */
  reconnect(): void {
    this.catchUps.forEach((catchUp) => catchUp());
    this.reconnectListeners.forEach((listener) => listener());
  }
}

/** `providers: [provideFakeCrmHub()]`; `TestBed.inject(CrmHub) as unknown as FakeCrmHub`. */
export function provideFakeCrmHub(): Provider {
  return { provide: CrmHub, useClass: FakeCrmHub };
}
