import { Provider, inject } from '@angular/core';
import { Routes } from '@angular/router';
import { map } from 'rxjs';
import { CUSTOM_FIELDS_SOURCE, CustomFieldsSource, customFieldsAdminRoutes } from '../deals';
import { DirectoryApi } from './data-access/directory-api';
import { DirectoryEntity } from './data-access/models';

/** Directory's definitions of one entity's custom fields, for the custom-fields screen. */
export function directoryFieldsSource(
  api: DirectoryApi,
  entity: DirectoryEntity,
): CustomFieldsSource {
  const company = entity === 'company';
  return {
    title: company ? 'fieldsAdmin.companyTitle' : 'fieldsAdmin.contactTitle',
    empty: 'fieldsAdmin.emptyDirectory',
    removeConfirm: company
      ? 'fieldsAdmin.removeConfirmCompany'
      : 'fieldsAdmin.removeConfirmContact',
    list: () => api.customFields().pipe(map((fields) => fields.filter((f) => f.entity === entity))),
    create: (name, type, options) => api.createCustomField(entity, name, type, options),
    update: (id, request) => api.updateCustomField(id, request),
    remove: (id) => api.deleteCustomField(id),
  };
}

/** Settings → company fields / contact fields: the custom-fields screen on Directory's definitions. */
export const companyFieldsProvider: Provider = {
  provide: CUSTOM_FIELDS_SOURCE,
  useFactory: () => directoryFieldsSource(inject(DirectoryApi), 'company'),
};

export const contactFieldsProvider: Provider = {
  provide: CUSTOM_FIELDS_SOURCE,
  useFactory: () => directoryFieldsSource(inject(DirectoryApi), 'contact'),
};

/** Settings → company fields and contact fields: Deals' custom-fields screen on Directory's. */
export const companyFieldsRoutes: Routes = [
  { path: '', providers: [companyFieldsProvider], children: customFieldsAdminRoutes },
];

export const contactFieldsRoutes: Routes = [
  { path: '', providers: [contactFieldsProvider], children: customFieldsAdminRoutes },
];
