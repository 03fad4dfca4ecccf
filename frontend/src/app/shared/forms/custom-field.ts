/**
 * Custom fields, as Deals and Directory both define them (docs/pipelines-deals-api.md,
 * docs/directory-api.md): one shape for the admin screen and the editor on every card.
 */
export type CustomFieldValue = string | number | boolean | readonly string[] | null;

export type CustomFieldType =
  'text' | 'number' | 'date' | 'select' | 'multiselect' | 'checkbox' | 'url';
export const CUSTOM_FIELD_TYPES: readonly CustomFieldType[] = [
  'text',
  'number',
  'date',
  'select',
  'multiselect',
  'checkbox',
  'url',
];

export interface CustomField {
  readonly id: string;
  readonly name: string;
  readonly type: CustomFieldType;
  readonly options: readonly string[];
  readonly position: number;
  readonly version: number;
}
