import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Sort as MatSortState, MatSortModule } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { Router, RouterLink } from '@angular/router';
import { PeopleStore } from '../../identity';
import { DateTimePipe } from '../../shared/i18n/date-time';
import { TranslatePipe } from '../../shared/i18n/translate';
import { EmptyState } from '../../shared/ui/empty-state';
import { ExportMenu } from '../../shared/ui/export-menu/export-menu';
import { DirectoryApi } from '../data-access/directory-api';
import { ListPage, PAGE_SIZES, fromSort } from '../data-access/list-page';
import { ContactRow } from '../data-access/models';
import { openCreateDialog } from './create-record-dialog';
import { ImportDialog } from './import-dialog';
import { ReadyFilter, SearchBox } from './search-box';

/** «Списки» → «Контакты»: a server-side paged, sortable, searchable table. */
@Component({
  selector: 'app-contacts-table',
  imports: [
    RouterLink,
    MatButtonModule,
    MatIconModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatSortModule,
    MatTableModule,
    DateTimePipe,
    EmptyState,
    SearchBox,
    ExportMenu,
    TranslatePipe,
  ],
  templateUrl: './contacts-table.html',
  styleUrl: './list-table.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ContactsTable {
  private readonly api = inject(DirectoryApi);
  private readonly router = inject(Router);
  private readonly dialog = inject(MatDialog);
  protected readonly people = inject(PeopleStore);
  protected readonly list = new ListPage<ContactRow>((q) => this.api.contacts(q), 'fullName', [
    'without-tasks',
  ]);
  /** The manual's ready filters in «Поиск и фильтр». */
  protected readonly filters: readonly ReadyFilter[] = [
    { value: null, label: 'lists.allContacts' },
    { value: 'without-tasks', label: 'lists.withoutTasks' },
  ];
  protected readonly filterLabel = computed(() => {
    const filter = this.list.query().filter;
    return filter ? (this.filters.find((f) => f.value === filter)?.label ?? null) : null;
  });
  protected readonly sizes = PAGE_SIZES;
  protected readonly columns = [
    'fullName',
    'position',
    'company',
    'phone',
    'email',
    'openTaskCount',
    'responsible',
    'updatedAt',
  ];
  protected readonly initialSort = fromSort('fullName');

  constructor() {
    void this.people.ensureLoaded();
  }

  protected sort(state: MatSortState): void {
    this.list.sortBy(state.active, state.direction);
  }

  protected page(event: PageEvent): void {
    this.list.pageTo(event.pageIndex, event.pageSize);
  }

  protected open(row: ContactRow): void {
    void this.router.navigate(['/lists/contacts', row.id]);
  }

  /** The export takes the list's own query: every contact the search and the ready filter select. */
  protected readonly exportQuery = computed(() => {
    const query = this.list.query();
    return { table: 'contacts', q: query.q.trim(), filter: query.filter, sort: query.sort };
  });

  /** «Импорт»: the dialog uploads, maps, previews and follows the import; the list is read again after. */
  protected importFile(): void {
    this.dialog
      .open(ImportDialog, { data: { table: 'contacts' }, autoFocus: false })
      .afterClosed()
      .subscribe(() => this.list.reload());
  }

  protected add(): void {
    openCreateDialog(this.dialog, 'contact');
  }
}
