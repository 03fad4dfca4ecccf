/** What a spec waits on: a component's fixture, or the `ApplicationRef` where there is none (a dialog, a store). */
export interface Stabilizing {
  whenStable(): Promise<unknown>;
}

export interface SettleOptions {
  /**
   * How many rounds: an answer that leads to another request, or a render that starts a load, needs
   * one each (3 by default).
   */
  readonly rounds?: number;
  /**
   * Before each round, let the timers due within this many ms run (0 by default: what is already
   * queued, as the answers a test flushes); `false` not to wait for a timer at all (a spec on fake
   * timers that holds `setTimeout`).
   */
  readonly timers?: number | false;
  /** Before each round, wait for an animation frame too (the CDK's virtual scroll measures its viewport in one). */
  readonly frame?: boolean;
}

/** Lets the app settle after a test's action: its timers, its answers, its renders. */
export async function settle(
  target: Stabilizing,
  { rounds = 3, timers = 0, frame = false }: SettleOptions = {},
): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    if (timers !== false) {
      await new Promise((resolve) => setTimeout(resolve, timers));
    }
    if (frame) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    await target.whenStable();
  }
}
