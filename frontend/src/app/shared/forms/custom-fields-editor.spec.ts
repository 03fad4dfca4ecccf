import { CustomField } from './custom-field';
import { customFieldValues, customFieldsGroup } from './custom-fields-editor';

const field = (id: string, type: CustomField['type']): CustomField => ({
  id,
  name: id,
  type,
  options: [],
  position: 0,
  version: 1,
});

describe('custom fields', () => {
  it('gives the date picker a day and the amount input a number, and sends them back as they came', () => {
    const fields = [field('signed', 'date'), field('area', 'number'), field('note', 'text')];
    const group = customFieldsGroup(fields, { signed: '2026-12-07', area: 1250.5, note: null });
    const signed = group.controls['signed'].value as Date;
    expect([signed.getFullYear(), signed.getMonth(), signed.getDate()]).toEqual([2026, 11, 7]);
    expect(group.controls['area'].value).toBe(1250.5);
    expect(customFieldValues(group)).toEqual({ signed: '2026-12-07', area: 1250.5, note: null });

    group.controls['signed'].setValue(null);
    group.controls['area'].setValue(null);
    expect(customFieldValues(group)).toEqual({ signed: null, area: null, note: null });
  });
});
