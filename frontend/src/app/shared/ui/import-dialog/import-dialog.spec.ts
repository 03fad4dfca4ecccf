import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { settle } from '../../testing/settle';
import { ImportDialog, ImportDialogData, ImportProgress, percentDone } from './import-dialog';

describe('ImportDialog in deals mode (the deals table’s «Импорт»)', () => {
  let fixture: ComponentFixture<ImportDialog>;
  let element: HTMLElement;
  let http: HttpTestingController;

  const deals: ImportDialogData = {
    title: 'import.titleDeals',
    api: '/api/deals/imports',
    fields: { pipelineId: 'p1' },
    duplicates: false,
  };

  async function create(data: ImportDialogData): Promise<void> {
    TestBed.configureTestingModule({
      imports: [ImportDialog],
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MAT_DIALOG_DATA, useValue: data },
        { provide: MatDialogRef, useValue: { close: () => undefined } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ImportDialog);
    element = fixture.nativeElement;
    await settle(fixture);
  }

  afterEach(() => http.verify());

  async function pick(): Promise<void> {
    const input = element.querySelector<HTMLInputElement>('[data-testid="import-file"]')!;
    const file = new File(['Название;Этап\r\nПоставка;Нет такого\r\n'], 'deals.csv', {
      type: 'text/csv',
    });
    Object.defineProperty(input, 'files', { value: [file] });
    input.dispatchEvent(new Event('change'));
    await settle(fixture);
  }

  const preview = {
    headers: ['Название', 'Этап'],
    fields: [
      { key: 'name', label: 'Название', required: false },
      { key: 'stage', label: 'Этап', required: false },
      { key: 'company', label: 'Компания', required: false },
    ],
    mapping: { name: 'Название', stage: 'Этап' },
    mappingError: null,
    totalRows: 1,
    rows: [
      {
        number: 2,
        values: { name: 'Поставка', stage: 'Нет такого' },
        errors: ['Этап «Нет такого»: нет такого этапа'],
      },
    ],
  };

  const progress = (status: ImportProgress['status'], processedRows: number): ImportProgress => ({
    id: 'i1',
    status,
    totalRows: 10,
    processedRows,
    created: processedRows - 1,
    rejected: 1,
    failure: null,
    rejects: [{ row: 2, reason: 'Этап «Нет такого»: нет такого этапа' }],
  });

  it('previews into the pipeline with the deal fields and errors, starts without a duplicates mode, follows and offers the report', async () => {
    await create(deals);
    expect(element.querySelector('h2')!.textContent).toContain('Импорт сделок');
    await pick();
    const previewCall = http.expectOne({ method: 'POST', url: '/api/deals/imports/preview' });
    const sent = previewCall.request.body as FormData;
    expect(sent.get('pipelineId')).toBe('p1');
    expect(sent.get('table')).toBeNull();
    previewCall.flush(preview);
    await settle(fixture);
    expect(element.querySelector('[data-testid="map-stage"]')).not.toBeNull();
    expect(element.querySelector('[data-testid="map-company"]')).not.toBeNull();
    expect(element.querySelector('.preview tr.bad')!.textContent).toContain('нет такого этапа');
    expect(element.querySelector('mat-radio-group')).toBeNull();

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      element.querySelector<HTMLButtonElement>('[data-testid="import-start"]')!.click();
      const start = http.expectOne({ method: 'POST', url: '/api/deals/imports' });
      const form = start.request.body as FormData;
      expect(JSON.parse(form.get('mapping') as string)).toEqual({
        name: 'Название',
        stage: 'Этап',
      });
      expect(form.get('pipelineId')).toBe('p1');
      expect(form.get('duplicates')).toBeNull();
      start.flush({ id: 'i1', totalRows: 10 });
      http.expectOne({ method: 'GET', url: '/api/deals/imports/i1' }).flush(progress('running', 4));
      await settle(fixture, { timers: false });
      expect(
        element.querySelector('[data-testid="import-progress"]')!.getAttribute('aria-valuenow'),
      ).toBe('40');
      expect(element.querySelector('[data-testid="import-result"]')!.textContent).toContain(
        'Создано: 3, отклонено: 1',
      );
      expect(element.querySelector('[data-testid="import-report"]')).toBeNull();

      vi.advanceTimersByTime(500);
      http.expectOne({ method: 'GET', url: '/api/deals/imports/i1' }).flush(progress('done', 10));
      await settle(fixture, { timers: false });
      expect(element.querySelector('[data-testid="import-status"]')!.textContent).toContain(
        'Импорт завершён',
      );
      expect(element.querySelector('[data-testid="import-report"]')!.getAttribute('href')).toBe(
        '/api/deals/imports/i1/report',
      );
    } finally {
      vi.useRealTimers();
    }
  });

  it('in the Lists sends the table and asks what becomes of duplicates', async () => {
    await create({
      title: 'import.titleContacts',
      api: '/api/directory/imports',
      fields: { table: 'contacts' },
      duplicates: true,
    });
    await pick();
    const previewCall = http.expectOne({ method: 'POST', url: '/api/directory/imports/preview' });
    expect((previewCall.request.body as FormData).get('table')).toBe('contacts');
    previewCall.flush({
      ...preview,
      fields: [{ key: 'fullName', label: 'Имя', required: true }],
      mapping: { fullName: 'Название' },
    });
    await settle(fixture);
    expect(element.querySelector('mat-radio-group')).not.toBeNull();
  });

  it('counts the progress in percent', () => {
    expect(percentDone({ totalRows: 0, processedRows: 0 })).toBe(0);
    expect(percentDone({ totalRows: 3, processedRows: 1 })).toBe(33);
  });
});
