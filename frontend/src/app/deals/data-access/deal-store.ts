import { HttpErrorResponse } from '@angular/common/http';
import { inject } from '@angular/core';
import { patchState, signalStore, withMethods, withState } from '@ngrx/signals';
import { Observable, firstValueFrom, map } from 'rxjs';
import { problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { failed, loaded, loading, withCallState } from '../../shared/state/call-state';
import { DealsApi } from './deals-api';
import { CustomField, CustomFieldValue } from '../../shared/forms/custom-field';
import { Tag } from '../../shared/ui/tags/tags-api';
import { Deal, UpdateDealRequest } from './models';

interface DealState {
  readonly deal: Deal | null;
  readonly customFields: readonly CustomField[];
  /** The last write met a newer version (409): the user must reload before saving again. */
  readonly conflict: boolean;
}

/** Values of fields that still exist: the server refuses ids of deleted fields. */
function knownValues(
  deal: Deal,
  fields: readonly CustomField[],
): Readonly<Record<string, CustomFieldValue>> {
  const known = new Set(fields.map((f) => f.id));
  return Object.fromEntries(Object.entries(deal.customFields).filter(([id]) => known.has(id)));
}

export type DealChanges = Partial<Omit<UpdateDealRequest, 'version'>>;

/**
 * One deal's card. Every write sends the version it was read at; a 409 sets `conflict`
 * (and rethrows) instead of overwriting someone else's change.
 */
export const DealStore = signalStore(
  withState<DealState>({ deal: null, customFields: [], conflict: false }),
  withCallState(),
  withMethods((store, api = inject(DealsApi), i18n = inject(I18n)) => {
    /** Runs a command; its answer becomes the deal, a 409 becomes `conflict`. */
    const write = async (command: (deal: Deal) => Observable<Deal>): Promise<Deal> => {
      const deal = store.deal();
      if (!deal) {
        throw new Error('No deal is open');
      }
      try {
        const saved = await firstValueFrom(command(deal));
        patchState(store, { deal: saved, conflict: false });
        return saved;
      } catch (error) {
        if (error instanceof HttpErrorResponse && error.status === 409) {
          patchState(store, { conflict: true });
        }
        throw error;
      }
    };

    const load = async (id: string): Promise<void> => {
      patchState(store, loading(), { conflict: false });
      try {
        const [deal, customFields] = await Promise.all([
          firstValueFrom(api.get(id)),
          firstValueFrom(api.customFields()).catch(() => [] as CustomField[]),
        ]);
        patchState(
          store,
          { deal, customFields: [...customFields].sort((a, b) => a.position - b.position) },
          loaded(),
        );
      } catch (error) {
        patchState(store, failed(problemMessage(error, i18n)));
      }
    };

    return {
      load,
      /** After a 409: the current version from the server; local edits are dropped. */
      async reload(): Promise<void> {
        const id = store.deal()?.id;
        if (id) {
          await load(id);
        }
      },
      save(changes: DealChanges): Promise<Deal> {
        return write((deal) =>
          api.update(deal.id, {
            name: deal.name,
            budget: deal.budget,
            currency: deal.currency,
            goal: deal.goal,
            // The linked company stays linked; `contacts` left out keeps the contacts.
            companyId: deal.companyId,
            companyName: deal.companyId ? null : deal.companyName,
            deadline: deal.deadline,
            customFields: knownValues(deal, store.customFields()),
            ...changes,
            version: deal.version,
          }),
        );
      },
      /** «Теги»: the deal keeps its fields, takes the new version and tags. */
      setTags: (tags: readonly Tag[]) =>
        write((deal) =>
          api
            .setTags(
              deal.id,
              tags.map((t) => t.id),
              deal.version,
            )
            .pipe(map((saved) => ({ ...deal, version: saved.version, tags: saved.tags }))),
        ),
      move: (stageId: string) => write((deal) => api.move(deal.id, stageId, deal.version)),
      assign: (responsibleId: string) =>
        write((deal) => api.assign(deal.id, responsibleId, deal.version)),
      won: () => write((deal) => api.won(deal.id, deal.version)),
      lost: (reason: string) => write((deal) => api.lost(deal.id, reason, deal.version)),
    };
  }),
);
