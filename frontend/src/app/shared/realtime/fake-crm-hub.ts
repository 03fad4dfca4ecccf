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

  watch(topic: string): () => void {
    this.topics.set(topic, (this.topics.get(topic) ?? 0) + 1);
    return () => {
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

  reconnect(): void {
    this.reconnectListeners.forEach((listener) => listener());
  }
}

/** `providers: [provideFakeCrmHub()]`; `TestBed.inject(CrmHub) as unknown as FakeCrmHub`. */
export function provideFakeCrmHub(): Provider {
  return { provide: CrmHub, useClass: FakeCrmHub };
}
