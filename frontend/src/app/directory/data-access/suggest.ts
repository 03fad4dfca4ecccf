import {
  Observable,
  catchError,
  debounceTime,
  distinctUntilChanged,
  map,
  of,
  scan,
  startWith,
  switchMap,
} from 'rxjs';
import { DirectoryApi } from './directory-api';
import { DirectoryKind, Suggestion } from './models';

/** Fewer characters than this never go to the server (it answers `[]` anyway). */
export const MIN_QUERY = 2;
export const SUGGEST_DEBOUNCE_MS = 200;

export interface SuggestState {
  readonly query: string;
  readonly items: readonly Suggestion[];
  readonly loading: boolean;
  /** The request failed: the picker still works, it just shows no matches. */
  readonly failed: boolean;
}

export const NO_SUGGESTIONS: SuggestState = { query: '', items: [], loading: false, failed: false };

/**
 * What the user typed → suggestions: debounced, one request per distinct text, and a newer
 * text cancels the request still running for the older one (switchMap unsubscribes, and
 * HttpClient aborts), so a slow answer never overwrites a fresher one.
 */
export function suggestions(
  text: Observable<string>,
  api: DirectoryApi,
  /** Read at request time (a component's input is not known yet when the stream is built). */
  kind: () => DirectoryKind | undefined,
  debounceMs = SUGGEST_DEBOUNCE_MS,
): Observable<SuggestState> {
  return text.pipe(
    map((value) => value.trim()),
    debounceTime(debounceMs),
    distinctUntilChanged(),
    switchMap((query) => {
      if (query.length < MIN_QUERY) {
        return of({ ...NO_SUGGESTIONS, query });
      }
      return api.suggest(query, kind()).pipe(
        map((items): SuggestState => ({ query, items, loading: false, failed: false })),
        catchError(() => of<SuggestState>({ query, items: [], loading: false, failed: true })),
        startWith<SuggestState>({ query, items: [], loading: true, failed: false }),
      );
    }),
    // While the next answer is on its way the previous matches stay (no flicker).
    scan(
      (previous, next) => (next.loading ? { ...next, items: previous.items } : next),
      NO_SUGGESTIONS,
    ),
  );
}
