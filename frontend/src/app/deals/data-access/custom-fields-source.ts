import { InjectionToken, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { CustomField, CustomFieldType } from '../../shared/forms/custom-field';
import { TranslationKey } from '../../shared/i18n/ru';
import { DealsApi } from './deals-api';

/**
 * Where the custom-fields admin screen reads and writes its definitions, and the words it
 * uses: the deals' fields, or the companies' / contacts' (Directory). One screen, three
 * routes.
 */
export interface CustomFieldsSource {
  readonly title: TranslationKey;
  readonly empty: TranslationKey;
  readonly removeConfirm: TranslationKey;
  list(): Observable<CustomField[]>;
  create(name: string, type: CustomFieldType, options?: string[]): Observable<CustomField>;
  update(
    id: string,
    request: { name: string; options?: readonly string[]; position: number; version: number },
  ): Observable<CustomField>;
  remove(id: string): Observable<void>;
}

export function dealFieldsSource(api: DealsApi): CustomFieldsSource {
  return {
    title: 'fieldsAdmin.title',
    empty: 'fieldsAdmin.empty',
    removeConfirm: 'fieldsAdmin.removeConfirm',
    list: () => api.customFields(),
    create: (name, type, options) => api.createCustomField(name, type, options),
    update: (id, request) => api.updateCustomField(id, request),
    remove: (id) => api.deleteCustomField(id),
  };
}

/** The deals' fields unless a route provides another source. */
export const CUSTOM_FIELDS_SOURCE = new InjectionToken<CustomFieldsSource>('CustomFieldsSource', {
  providedIn: 'root',
  factory: () => dealFieldsSource(inject(DealsApi)),
});
