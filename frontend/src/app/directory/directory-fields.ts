import { Provider, inject } from '@angular/core';
import {
  CUSTOM_FIELDS_SOURCE,
  directoryFieldsSource,
} from '../deals/data-access/custom-fields-source';
import { DirectoryApi } from './data-access/directory-api';

/** Settings → company fields / contact fields: the custom-fields screen on Directory's definitions. */
export const companyFieldsProvider: Provider = {
  provide: CUSTOM_FIELDS_SOURCE,
  useFactory: () => directoryFieldsSource(inject(DirectoryApi), 'company'),
};

export const contactFieldsProvider: Provider = {
  provide: CUSTOM_FIELDS_SOURCE,
  useFactory: () => directoryFieldsSource(inject(DirectoryApi), 'contact'),
};
