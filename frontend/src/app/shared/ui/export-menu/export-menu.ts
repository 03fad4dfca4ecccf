import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { I18n } from '../../i18n/i18n';
import { TranslatePipe } from '../../i18n/translate';

export type ExportFormat = 'csv-comma' | 'csv-semicolon' | 'xlsx';

/**
 * The URL of a table's export: the table's own query (filters, sort, search) plus the file's format,
 * the CSV delimiter and the user's time zone. Empty values are left out.
 */
export function exportUrl(
  endpoint: string,
  query: Readonly<Record<string, string | null | undefined>>,
  format: ExportFormat,
  timeZone: string,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== null && value !== undefined && value !== '') {
      params.set(key, value);
    }
  }
  params.set('format', format === 'xlsx' ? 'xlsx' : 'csv');
  if (format !== 'xlsx') {
    params.set('delimiter', format === 'csv-semicolon' ? 'semicolon' : 'comma');
  }
  params.set('tz', timeZone);
  return `${endpoint}?${params.toString()}`;
}

/**
 * «Экспорт»: a menu that downloads the current view of a table (every row its filters select, not the
 * page) as CSV with commas, CSV with semicolons (Excel with a decimal comma) or Excel. The server
 * streams the file; the browser saves it as a plain download (the session cookie goes with it).
 */
@Component({
  selector: 'app-export-menu',
  imports: [MatButtonModule, MatIconModule, MatMenuModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button mat-stroked-button type="button" [matMenuTriggerFor]="menu" data-testid="export-menu">
      <mat-icon aria-hidden="true">download</mat-icon>{{ 'export.action' | t }}
    </button>
    <mat-menu #menu="matMenu">
      <a mat-menu-item [href]="url('xlsx')" download data-testid="export-xlsx">{{
        'export.xlsx' | t
      }}</a>
      <a mat-menu-item [href]="url('csv-semicolon')" download data-testid="export-csv-semicolon">
        {{ 'export.csvSemicolon' | t }}
      </a>
      <a mat-menu-item [href]="url('csv-comma')" download data-testid="export-csv-comma">{{
        'export.csvComma' | t
      }}</a>
    </mat-menu>
  `,
})
export class ExportMenu {
  private readonly i18n = inject(I18n);

  /** The export route, e.g. `/api/directory/export`. */
  readonly endpoint = input.required<string>();
  /** The table's current query (filters, sort, search), as the table's own route takes it. */
  readonly query = input<Readonly<Record<string, string | null | undefined>>>({});

  protected url(format: ExportFormat): string {
    return exportUrl(this.endpoint(), this.query(), format, this.i18n.timeZone());
  }
}
