import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatIconModule } from '@angular/material/icon';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { map, of, switchMap, tap } from 'rxjs';
import { TranslatePipe } from '../../shared/i18n/translate';
import {
  FoundGroup,
  GlobalSearchApi,
  MAX_PER_KIND,
  MIN_QUERY,
} from '../data-access/global-search-api';
import { KIND_LABELS, numbered } from '../data-access/grouping';

/**
 * The full results of the top bar's search (`/search?q=`, what Enter opens): every kind with up
 * to 20 records, each a link to its card; companies and contacts also open in «Списки» with the
 * same search. The query lives in the URL, so «Назад» and a shared link return to it.
 */
@Component({
  selector: 'app-search-results',
  imports: [MatIconModule, RouterLink, TranslatePipe],
  templateUrl: './search-results.html',
  styleUrl: './search-results.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SearchResults {
  private readonly api = inject(GlobalSearchApi);
  private readonly router = inject(Router);

  protected readonly labels = KIND_LABELS;
  protected readonly minQuery = MIN_QUERY;
  protected readonly query = signal('');
  protected readonly loading = signal(false);
  protected readonly groups = signal<readonly FoundGroup[]>([]);
  protected readonly shown = computed(() => numbered(this.groups()));

  constructor() {
    inject(ActivatedRoute)
      .queryParamMap.pipe(
        map((params) => (params.get('q') ?? '').trim()),
        tap((q) => {
          this.query.set(q);
          this.loading.set(q.length >= MIN_QUERY);
        }),
        switchMap((q) =>
          q.length < MIN_QUERY ? of<FoundGroup[]>([]) : this.api.find(q, MAX_PER_KIND),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((groups) => {
        this.groups.set(groups);
        this.loading.set(false);
      });
  }

  protected search(event: Event, field: HTMLInputElement): void {
    event.preventDefault();
    void this.router.navigate([], { queryParams: { q: field.value.trim() || null } });
  }

  /** «Списки» with the same search, for companies and contacts. */
  protected listOf(kind: string): string | null {
    return kind === 'company' ? '/lists/companies' : kind === 'contact' ? '/lists/contacts' : null;
  }
}
