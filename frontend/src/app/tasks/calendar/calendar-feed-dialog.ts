import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { firstValueFrom } from 'rxjs';
import { problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { TranslatePipe } from '../../shared/i18n/translate';
import { ImportResult } from '../data-access/models';
import { TasksApi } from '../data-access/tasks-api';
import { TasksStore } from '../data-access/tasks-store';

/**
 * «Синхронизировать»: the private iCalendar address of my tasks for Google Calendar, Outlook
 * and phones (shown once; a new one replaces it; «Отключить» revokes it), and the import of an
 * .ics file as tasks. Two-way Google sync is not built (docs/tasks-api.md).
 */
@Component({
  selector: 'app-calendar-feed-dialog',
  imports: [
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    TranslatePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'tasks.sync' | t }}</h2>
    <mat-dialog-content>
      <p>{{ 'feed.intro' | t }}</p>
      @if (url(); as address) {
        <mat-form-field class="wide">
          <mat-label>{{ 'feed.address' | t }}</mat-label>
          <input matInput readonly [value]="address" #field (focus)="field.select()" />
          <button
            mat-icon-button
            matSuffix
            type="button"
            [attr.aria-label]="'feed.copy' | t"
            (click)="copy(address)"
          >
            <mat-icon aria-hidden="true">content_copy</mat-icon>
          </button>
          <mat-hint>{{ 'feed.shownOnce' | t }}</mat-hint>
        </mat-form-field>
        <ol class="how">
          <li>{{ 'feed.howGoogle' | t }}</li>
          <li>{{ 'feed.howPhone' | t }}</li>
        </ol>
      }
      <div class="actions">
        <button mat-flat-button type="button" (click)="create()" [disabled]="busy()">
          <mat-icon aria-hidden="true">link</mat-icon>
          {{ (url() ? 'feed.rotate' : 'feed.create') | t }}
        </button>
        <button mat-button type="button" (click)="revoke()" [disabled]="busy()">
          <mat-icon aria-hidden="true">link_off</mat-icon>{{ 'feed.revoke' | t }}
        </button>
      </div>
      <p class="muted">{{ 'feed.rotateHint' | t }}</p>

      <h3>{{ 'feed.importTitle' | t }}</h3>
      <p>{{ 'feed.importText' | t }}</p>
      <input
        #file
        type="file"
        accept=".ics,text/calendar"
        class="visually-hidden"
        (change)="import(file)"
        [attr.aria-label]="'feed.importPick' | t"
      />
      <button mat-stroked-button type="button" (click)="file.click()" [disabled]="busy()">
        <mat-icon aria-hidden="true">upload_file</mat-icon>{{ 'feed.importPick' | t }}
      </button>
      @if (imported(); as result) {
        <p role="status">
          {{ 'feed.imported' | t: { n: result.imported, skipped: result.skipped } }}
        </p>
      }
      @if (message(); as text) {
        <p role="status" class="status">{{ text }}</p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close>{{ 'common.close' | t }}</button>
    </mat-dialog-actions>
  `,
  styles: `
    .wide {
      width: 100%;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .how {
      margin: 8px 0 16px;
      padding-left: 20px;
    }
    h3 {
      margin: 16px 0 4px;
      font: var(--mat-sys-title-small);
    }
  `,
})
export class CalendarFeedDialog {
  private readonly api = inject(TasksApi);
  private readonly i18n = inject(I18n);
  private readonly store = inject(TasksStore);
  private readonly document = inject(DOCUMENT);
  protected readonly url = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly message = signal<string | null>(null);
  protected readonly imported = signal<ImportResult | null>(null);

  protected async create(): Promise<void> {
    await this.run(async () => {
      const token = await firstValueFrom(this.api.createCalendarToken());
      this.url.set(token.url ?? `${this.document.location.origin}${token.path}`);
      this.message.set(null);
    });
  }

  protected async revoke(): Promise<void> {
    await this.run(async () => {
      await firstValueFrom(this.api.revokeCalendarToken());
      this.url.set(null);
      this.message.set(this.i18n.t('feed.revoked'));
    });
  }

  protected async copy(address: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(address);
      this.message.set(this.i18n.t('feed.copied'));
    } catch {
      this.message.set(this.i18n.t('feed.copyFailed'));
    }
  }

  protected async import(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    input.value = '';
    if (!file) {
      return;
    }
    await this.run(async () => {
      this.imported.set(await firstValueFrom(this.api.import(file)));
      this.message.set(null);
      void this.store.load();
    });
  }

  private async run(work: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    try {
      await work();
    } catch (error) {
      this.message.set(problemMessage(error, this.i18n));
    } finally {
      this.busy.set(false);
    }
  }
}
