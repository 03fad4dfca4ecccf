import { inject } from '@angular/core';
import { patchState, signalStore, withMethods, withState } from '@ngrx/signals';
import { firstValueFrom } from 'rxjs';
import { problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { failed, loaded, loading, withCallState } from '../../shared/state/call-state';
import { CUSTOM_FIELDS_SOURCE } from './custom-fields-source';
import { CustomField, CustomFieldType } from '../../shared/forms/custom-field';

const byPosition = (a: CustomField, b: CustomField) => a.position - b.position;

/** Settings → deal (company, contact) fields: the custom fields every card of the kind shows. */
export const CustomFieldsStore = signalStore(
  withState<{ fields: readonly CustomField[] }>({ fields: [] }),
  withCallState(),
  withMethods((store, api = inject(CUSTOM_FIELDS_SOURCE), i18n = inject(I18n)) => {
    const load = async (): Promise<void> => {
      patchState(store, loading());
      try {
        const fields = await firstValueFrom(api.list());
        patchState(store, { fields: [...fields].sort(byPosition) }, loaded());
      } catch (error) {
        patchState(store, failed(problemMessage(error, i18n)));
      }
    };
    return {
      load,
      async create(name: string, type: CustomFieldType, options: string[]): Promise<void> {
        const field = await firstValueFrom(
          api.create(name, type, type === 'select' || type === 'multiselect' ? options : undefined),
        );
        patchState(store, { fields: [...store.fields(), field].sort(byPosition) });
      },
      async update(
        field: CustomField,
        changes: Partial<{ name: string; options: readonly string[]; position: number }>,
      ): Promise<void> {
        await firstValueFrom(
          api.update(field.id, {
            name: field.name,
            options: field.options,
            position: field.position,
            version: field.version,
            ...changes,
          }),
        );
        // A position change shifts the others.
        await load();
      },
      async remove(field: CustomField): Promise<void> {
        await firstValueFrom(api.remove(field.id));
        patchState(store, { fields: store.fields().filter((f) => f.id !== field.id) });
      },
    };
  }),
);
