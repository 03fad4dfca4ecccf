import { describe, expect, it } from 'vitest';
import { exportUrl } from './export-menu';

describe('exportUrl', () => {
  it('keeps the table query, drops empty values and adds the format, delimiter and zone', () => {
    const url = exportUrl(
      '/api/deals/export',
      { pipelineId: 'p1', sort: '-budget', 'f.name': 'contains:ёлка', q: '', after: null },
      'csv-semicolon',
      'Europe/Moscow',
    );
    const params = new URL(url, 'http://x').searchParams;
    expect(url.startsWith('/api/deals/export?')).toBe(true);
    expect(params.get('pipelineId')).toBe('p1');
    expect(params.get('f.name')).toBe('contains:ёлка');
    expect(params.has('q')).toBe(false);
    expect(params.has('after')).toBe(false);
    expect(params.get('format')).toBe('csv');
    expect(params.get('delimiter')).toBe('semicolon');
    expect(params.get('tz')).toBe('Europe/Moscow');
  });

  it('asks for xlsx without a delimiter', () => {
    const params = new URL(
      exportUrl('/api/directory/export', { table: 'contacts' }, 'xlsx', 'UTC'),
      'http://x',
    ).searchParams;
    expect(params.get('format')).toBe('xlsx');
    expect(params.has('delimiter')).toBe(false);
    expect(params.get('table')).toBe('contacts');
  });
});
