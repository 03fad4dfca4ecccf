import { toSignal } from '@angular/core/rxjs-interop';
import { catchError, of } from 'rxjs';
import { TagChips } from '../../shared/ui/tags/tag-chip';
import { Tag, TagsApi } from '../../shared/ui/tags/tags-api';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { Router, RouterLink } from '@angular/router';
import { PeopleStore } from '../../identity';
import { I18n } from '../../shared/i18n/i18n';
import { TranslatePipe } from '../../shared/i18n/translate';
import { ChosenColumns } from '../../shared/ui/data-table/chosen-columns';
import { DataTable, DataTableCell, FilterChange } from '../../shared/ui/data-table/data-table';
import { formatFilter } from '../../shared/ui/data-table/table-query';
import { visibleColumns } from '../../shared/ui/data-table/table-column';
import { EmptyState } from '../../shared/ui/empty-state';
import { ExportMenu } from '../../shared/ui/export-menu/export-menu';
import { DirectoryApi } from '../data-access/directory-api';
import { ListPage, PAGE_SIZES, fromSort } from '../data-access/list-page';
import { ContactRow, Sort } from '../data-access/models';
import { openCreateDialog } from './create-record-dialog';
import { DEFAULT_CONTACT_COLUMNS, contactColumns, listView } from './list-columns';
import { ImportDialog, ImportDialogData } from '../../shared/ui/import-dialog/import-dialog';
import { ReadyFilter, SearchBox } from './search-box';

/** «Списки» → «Контакты»: a server-side paged, sortable, searchable table. */
@Component({
  selector: 'app-contacts-table',
  imports: [
    RouterLink,
    MatButtonModule,
    MatIconModule,
    MatPaginatorModule,
    DataTable,
    DataTableCell,
    EmptyState,
    SearchBox,
    ExportMenu,
    TagChips,
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
  private readonly i18n = inject(I18n);
  protected readonly people = inject(PeopleStore);
  /** The list's tag catalog: the «Теги» filter's choices. */
  private readonly tags = toSignal(
    inject(TagsApi)
      .list({ module: 'directory', kind: 'contact' }, '', 500)
      .pipe(catchError(() => of<Tag[]>([]))),
    { initialValue: [] as Tag[] },
  );
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
  protected readonly chosen = new ChosenColumns(
    { module: 'directory', table: 'contacts' },
    DEFAULT_CONTACT_COLUMNS,
  );
  protected readonly columns = computed(() =>
    contactColumns(
      this.i18n,
      (id) => this.people.nameOf(id),
      this.people.active().map((u) => ({ value: u.id, label: u.displayName })),
      this.tags(),
    ),
  );
  protected readonly visible = computed(() =>
    visibleColumns(this.columns(), this.chosen.columns(), DEFAULT_CONTACT_COLUMNS).map((c) => c.id),
  );
  protected readonly view = computed(() => listView(this.list.query()));
  /** Column filters are on: the table stays (its headers clear them) with its own empty state. */
  protected readonly columnFiltered = computed(
    () => Object.keys(this.list.query().columns).length > 0,
  );
  protected readonly rowId = (row: ContactRow) => row.id;

  constructor() {
    void this.people.ensureLoaded();
  }

  /** A column's filter from its header: into the URL, the list from its first page. */
  protected filterBy(change: FilterChange): void {
    this.list.filterColumn(change.column, change.filter ? formatFilter(change.filter) : null);
  }

  /** A header's sort ("-updatedAt"); the list keeps only the sorts it has. */
  protected sort(sort: string): void {
    const state = fromSort(sort as Sort);
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
    return {
      table: 'contacts',
      q: query.q.trim(),
      filter: query.filter,
      sort: query.sort,
      ...Object.fromEntries(Object.entries(query.columns).map(([c, e]) => [`f.${c}`, e])),
    };
  });

  /** «Импорт»: the dialog uploads, maps, previews and follows the import; the list is read again after. */
  protected importFile(): void {
    this.dialog
      .open<ImportDialog, ImportDialogData>(ImportDialog, {
        data: {
          title: 'import.titleContacts',
          api: '/api/directory/imports',
          fields: { table: 'contacts' },
          duplicates: true,
        },
        autoFocus: false,
      })
      .afterClosed()
      .subscribe(() => this.list.reload());
  }

  protected add(): void {
    openCreateDialog(this.dialog, 'contact');
  }
}
