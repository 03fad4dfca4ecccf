import { A11yModule } from '@angular/cdk/a11y';
import {
  ChangeDetectionStrategy,
  Component,
  OnInit,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { firstValueFrom } from 'rxjs';
import { problemMessage } from '../../http/problem';
import { I18n } from '../../i18n/i18n';
import { TranslationKey } from '../../i18n/ru';
import { TranslatePipe } from '../../i18n/translate';
import {
  SAVED_FILTER_NAME_MAX,
  SAVED_FILTER_QUERY_MAX,
  SavedFilter,
  TableRef,
  TableSettingsApi,
} from './table-settings-api';
import { ColumnFilter } from './table-query';

/** What a ready filter is worked out from when picked. */
export interface ReadyContext {
  readonly now: Date;
  readonly timeZone: string;
  /** The signed-in user's id. */
  readonly me: string | null;
}

/** A ready filter of «Поиск и фильтр»: a set of column filters. */
export interface ReadyFilter {
  readonly id: string;
  readonly label: TranslationKey;
  readonly filters: (context: ReadyContext) => Readonly<Record<string, ColumnFilter>>;
}

/**
 * «Поиск и фильтр»: the table's ready filters, the user's saved filters and the shared ones
 * (open one, delete one), and the current view saved under a name (an admin may share it).
 */
@Component({
  selector: 'app-search-panel',
  imports: [A11yModule, MatButtonModule, MatCheckboxModule, MatIconModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './popover.scss',
  template: `
    <div
      class="panel"
      role="dialog"
      [attr.aria-label]="'searchPanel.title' | t"
      cdkTrapFocus
      cdkTrapFocusAutoCapture
      data-testid="search-panel"
    >
      <section [attr.aria-labelledby]="'ready-' + table().table">
        <h3 [id]="'ready-' + table().table">{{ 'searchPanel.ready' | t }}</h3>
        <ul class="list">
          @for (filter of ready(); track filter.id) {
            <li>
              <button
                type="button"
                class="item"
                [class.active]="filter.id === active()"
                [attr.aria-current]="filter.id === active() ? 'true' : null"
                (click)="readyPicked.emit(filter)"
              >
                {{ filter.label | t }}
              </button>
            </li>
          }
        </ul>
      </section>
      <section [attr.aria-labelledby]="'saved-' + table().table">
        <h3 [id]="'saved-' + table().table">{{ 'searchPanel.saved' | t }}</h3>
        @if (loadError(); as message) {
          <p class="form-error" role="alert">{{ 'searchPanel.loadFailed' | t: { message } }}</p>
        }
        <ul class="list" data-testid="saved-filters">
          @for (saved of saved(); track saved.id) {
            <li class="saved">
              <button type="button" class="item" (click)="savedPicked.emit(saved)">
                {{ saved.name }}
                @if (saved.shared) {
                  <span class="badge">{{ 'searchPanel.sharedBadge' | t }}</span>
                }
              </button>
              @if (saved.mine || (saved.shared && isAdmin())) {
                <button
                  mat-icon-button
                  type="button"
                  [attr.aria-label]="'searchPanel.delete' | t: { name: saved.name }"
                  (click)="remove(saved)"
                >
                  <mat-icon aria-hidden="true">delete_outline</mat-icon>
                </button>
              }
            </li>
          } @empty {
            @if (!loadError()) {
              <li class="none">{{ 'searchPanel.noSaved' | t }}</li>
            }
          }
        </ul>
        <form class="save" novalidate (submit)="$event.preventDefault(); save()">
          <label class="field">
            <span>{{ 'searchPanel.name' | t }}</span>
            <input
              type="text"
              name="name"
              [maxLength]="nameMax"
              [value]="name()"
              (input)="name.set($any($event.target).value)"
              aria-required="true"
            />
          </label>
          @if (isAdmin()) {
            <mat-checkbox [checked]="shared()" (change)="shared.set($event.checked)">{{
              'searchPanel.shared' | t
            }}</mat-checkbox>
          }
          @if (saveError(); as message) {
            <p class="form-error" role="alert">{{ message }}</p>
          }
          <button mat-stroked-button type="submit" [disabled]="saving()">
            <mat-icon aria-hidden="true">bookmark_add</mat-icon>{{ 'searchPanel.saveView' | t }}
          </button>
        </form>
      </section>
    </div>
  `,
  styles: `
    .panel {
      width: 360px;
      gap: 12px;
      max-height: 80vh;
    }
    .save .field {
      width: 100%;
    }
    .list {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .item {
      display: flex;
      align-items: center;
      gap: 8px;
      width: 100%;
      padding: 6px 8px;
      border: 0;
      border-radius: 4px;
      background: transparent;
      color: inherit;
      font: var(--mat-sys-body-medium);
      text-align: left;
      cursor: pointer;
      &:hover,
      &:focus-visible {
        background: color-mix(in srgb, currentColor 10%, transparent);
      }
      &.active {
        background: var(--mat-sys-secondary-container);
        color: var(--mat-sys-on-secondary-container);
        font-weight: 500;
      }
    }
    .saved {
      display: flex;
      align-items: center;
    }
    .badge {
      font: var(--mat-sys-label-small);
      padding: 0 6px;
      border-radius: 8px;
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
    .none {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .save {
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      gap: 6px;
      margin-top: 8px;
    }
  `,
})
export class SearchPanel implements OnInit {
  private readonly api = inject(TableSettingsApi);
  private readonly i18n = inject(I18n);
  private readonly snackBar = inject(MatSnackBar);

  readonly table = input.required<TableRef>();
  readonly ready = input.required<readonly ReadyFilter[]>();
  /** The ready filter the view is now (null: none of them). */
  readonly active = input<string | null>(null);
  /** The current view as a query string (what «Сохранить текущий вид» keeps). */
  readonly query = input.required<string>();
  readonly isAdmin = input(false);
  readonly readyPicked = output<ReadyFilter>();
  readonly savedPicked = output<SavedFilter>();

  protected readonly saved = signal<readonly SavedFilter[]>([]);
  protected readonly loadError = signal<string | null>(null);
  protected readonly saveError = signal<string | null>(null);
  protected readonly name = signal('');
  protected readonly shared = signal(false);
  protected readonly saving = signal(false);
  protected readonly nameMax = SAVED_FILTER_NAME_MAX;

  ngOnInit(): void {
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.saved.set(await firstValueFrom(this.api.savedFilters(this.table())));
      this.loadError.set(null);
    } catch (error) {
      this.loadError.set(problemMessage(error, this.i18n));
    }
  }

  protected async save(): Promise<void> {
    const name = this.name().trim();
    if (!name || name.length > SAVED_FILTER_NAME_MAX) {
      this.saveError.set(this.i18n.t('searchPanel.nameLength', { max: SAVED_FILTER_NAME_MAX }));
      return;
    }
    if (this.query().length > SAVED_FILTER_QUERY_MAX) {
      this.saveError.set(this.i18n.t('searchPanel.tooLong'));
      return;
    }
    this.saving.set(true);
    this.saveError.set(null);
    try {
      const saved = await firstValueFrom(
        this.api.createSavedFilter(this.table(), {
          name,
          query: this.query(),
          shared: this.isAdmin() && this.shared(),
        }),
      );
      this.saved.set([saved, ...this.saved()]);
      this.name.set('');
      this.shared.set(false);
      this.snackBar.open(this.i18n.t('searchPanel.savedOk', { name }), undefined, {
        duration: 4000,
      });
    } catch (error) {
      this.saveError.set(problemMessage(error, this.i18n));
    } finally {
      this.saving.set(false);
    }
  }

  protected async remove(filter: SavedFilter): Promise<void> {
    try {
      await firstValueFrom(this.api.deleteSavedFilter(this.table(), filter.id));
      this.saved.set(this.saved().filter((f) => f.id !== filter.id));
      this.snackBar.open(this.i18n.t('searchPanel.deletedOk', { name: filter.name }), undefined, {
        duration: 4000,
      });
    } catch (error) {
      this.snackBar.open(
        this.i18n.t('searchPanel.failed', { message: problemMessage(error, this.i18n) }),
        this.i18n.t('common.close'),
        { duration: 8000 },
      );
    }
  }
}
