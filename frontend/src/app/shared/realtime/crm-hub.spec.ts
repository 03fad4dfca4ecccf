import { TestBed } from '@angular/core/testing';
import { HubConnection, HubConnectionBuilder, HubConnectionState } from '@microsoft/signalr';
import { CrmHub } from './crm-hub';

/**
 * The SignalR connection as far as CrmHub uses it: the test says when it is up and when it
 * comes back after a drop, and sees what was invoked on the server, in order.
 */
class FakeConnection {
  state = HubConnectionState.Disconnected;
  readonly calls: string[] = [];
  private up: (() => void) | null = null;
  private reconnected: (() => void) | null = null;

  start(): Promise<void> {
    this.state = HubConnectionState.Connecting;
    return new Promise((resolve) => (this.up = resolve));
  }
  /** The server accepts the connection. */
  open(): void {
    this.state = HubConnectionState.Connected;
    this.up?.();
  }
  /** The connection dropped and came back: the server has forgotten its groups. */
  reconnect(): void {
    this.state = HubConnectionState.Connected;
    this.reconnected?.();
  }
  invoke(method: string, topic: string): Promise<void> {
    this.calls.push(`${method} ${topic}`);
    return Promise.resolve();
  }
  on(): void {}
  off(): void {}
  onreconnecting(): void {}
  onreconnected(callback: () => void): void {
    this.reconnected = callback;
  }
  onclose(): void {}
  stop(): Promise<void> {
    return Promise.resolve();
  }
}

describe('CrmHub: a watch and the screen’s read lose no change between them', () => {
  let connection: FakeConnection;
  let hub: CrmHub;

  beforeEach(() => {
    connection = new FakeConnection();
    vi.spyOn(HubConnectionBuilder.prototype, 'build').mockReturnValue(
      connection as unknown as HubConnection,
    );
    hub = TestBed.inject(CrmHub);
  });
  afterEach(() => vi.restoreAllMocks());

  it('with the connection not yet up, catches up once the watch is in place on the server', async () => {
    const read: string[] = [];
    hub.watch('pipeline:p1', () => read.push(connection.calls.join(', ')));
    expect(connection.calls).toEqual([]);

    connection.open();
    // After the server has the watch, not before: a change told meanwhile reaches the screen.
    await vi.waitFor(() => expect(read).toEqual(['Watch pipeline:p1']));
  });

  it('with the connection up, watches at once and catches up only after a reconnect', async () => {
    hub.watch('pipeline:p1');
    connection.open();
    await vi.waitFor(() => expect(connection.calls).toEqual(['Watch pipeline:p1']));
    const read: string[] = [];
    hub.watch('pipeline:p2', () => read.push(connection.calls.join(', ')));
    await vi.waitFor(() =>
      expect(connection.calls).toEqual(['Watch pipeline:p1', 'Watch pipeline:p2']),
    );

    connection.reconnect();
    // The one catch-up is the reconnect's: the watch made with the connection up had none.
    await vi.waitFor(() => expect(read).toHaveLength(1));
    expect(read).toEqual([
      'Watch pipeline:p1, Watch pipeline:p2, Watch pipeline:p1, Watch pipeline:p2',
    ]);
  });

  it('after a reconnect, a watch let go is neither watched again nor caught up', async () => {
    const read: string[] = [];
    hub.watch('pipeline:p1', () => read.push('p1'));
    const stop = hub.watch('pipeline:p3', () => read.push('p3'));
    connection.open();
    await vi.waitFor(() => expect(read).toEqual(['p1', 'p3']));
    stop();
    await vi.waitFor(() => expect(connection.calls).toContain('Unwatch pipeline:p3'));

    connection.reconnect();
    await vi.waitFor(() => expect(read).toEqual(['p1', 'p3', 'p1']));
    expect(connection.calls).toEqual([
      'Watch pipeline:p1',
      'Watch pipeline:p3',
      'Unwatch pipeline:p3',
      'Watch pipeline:p1',
    ]);
  });
});
