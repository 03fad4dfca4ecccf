import { computed } from '@angular/core';
import { signalStoreFeature, withComputed, withState } from '@ngrx/signals';

/** Where a store's last call stands; `error` holds the message already shown to the user. */
export type CallState = 'idle' | 'loading' | 'loaded' | { readonly error: string };

/** Adds `callState` with `loading`, `loaded` and `error` to a signal store. */
export function withCallState() {
  return signalStoreFeature(
    withState<{ callState: CallState }>({ callState: 'idle' }),
    withComputed(({ callState }) => ({
      loading: computed(() => callState() === 'loading'),
      loaded: computed(() => callState() === 'loaded'),
      error: computed(() => {
        const state = callState();
        return typeof state === 'object' ? state.error : null;
      }),
    })),
  );
}

export const loading = (): { callState: CallState } => ({ callState: 'loading' });
export const loaded = (): { callState: CallState } => ({ callState: 'loaded' });
export const failed = (error: string): { callState: CallState } => ({ callState: { error } });
