import { inject, signal } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';
import { firstValueFrom } from 'rxjs';
import { problemMessage } from '../../http/problem';
import { I18n } from '../../i18n/i18n';
import { TableRef, TableSettingsApi } from './table-settings-api';

/**
 * A table's columns as the user chose them, kept per user on the server: read once, written on
 * every choice (a refusal is said in a snack bar; the choice still applies on screen). Create in
 * an injection context (a component's field).
 */
export class ChosenColumns {
  private readonly api = inject(TableSettingsApi);
  private readonly snackBar = inject(MatSnackBar);
  private readonly i18n = inject(I18n);
  private readonly state = signal<readonly string[] | null>(null);
  /** The user's columns in order; null: never chosen (or not read yet): the defaults. */
  readonly columns = this.state.asReadonly();

  constructor(
    private readonly table: TableRef,
    private readonly defaults: readonly string[],
  ) {
    void this.load();
  }

  async choose(columns: readonly string[]): Promise<void> {
    this.state.set(columns);
    try {
      await firstValueFrom(this.api.saveColumns(this.table, columns));
    } catch (error) {
      this.snackBar.open(
        this.i18n.t('table.columnsNotSaved', { message: problemMessage(error, this.i18n) }),
        this.i18n.t('common.close'),
        { duration: 8000 },
      );
    }
  }

  reset(): Promise<void> {
    return this.choose(this.defaults);
  }

  private async load(): Promise<void> {
    try {
      this.state.set(await firstValueFrom(this.api.columns(this.table)));
    } catch (error) {
      // The defaults serve meanwhile.
      console.warn('Could not read the chosen columns', error);
    }
  }
}
