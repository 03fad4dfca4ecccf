import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  computed,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { MatIconModule } from '@angular/material/icon';
import { Router } from '@angular/router';
import { debounceTime, distinctUntilChanged, of, switchMap, tap } from 'rxjs';
import { TranslatePipe } from '../../shared/i18n/translate';
import { Found, FoundGroup, GlobalSearchApi, MIN_QUERY } from '../data-access/global-search-api';
import { KIND_LABELS, numbered } from '../data-access/grouping';

/** How many of each kind the suggestions show while typing. */
export const SUGGESTIONS_PER_KIND = 5;

/** The pause in typing after which the search runs, in milliseconds. */
export const TYPING_PAUSE = 200;

/**
 * The search in the top bar over deals, companies, contacts and tasks: suggestions while typing,
 * grouped by kind with deals first, navigated by the arrow keys (a combobox with a listbox, as
 * ARIA describes it); Enter opens the chosen record, or with none chosen the full results page
 * (`/search?q=`). Ctrl+K (⌘K) focuses it from anywhere; Esc closes the suggestions, then clears.
 */
@Component({
  selector: 'app-global-search',
  imports: [MatIconModule, TranslatePipe],
  templateUrl: './global-search.html',
  styleUrl: './global-search.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(document:keydown)': 'shortcut($event)' },
})
export class GlobalSearch {
  private readonly api = inject(GlobalSearchApi);
  private readonly router = inject(Router);
  private readonly input = viewChild.required<ElementRef<HTMLInputElement>>('input');

  protected readonly labels = KIND_LABELS;
  protected readonly text = signal('');
  protected readonly query = computed(() => this.text().trim());
  protected readonly expanded = signal(false);
  protected readonly loading = signal(false);
  protected readonly groups = signal<readonly FoundGroup[]>([]);
  /** The option chosen by the arrow keys, as its number among all shown; -1: none. */
  protected readonly active = signal(-1);
  protected readonly shown = computed(() => numbered(this.groups()));
  private readonly options = computed(() => this.shown().flatMap((g) => g.entries));
  protected readonly count = computed(() => this.options().length);
  protected readonly showPanel = computed(
    () => this.expanded() && this.query().length >= MIN_QUERY,
  );

  constructor() {
    toObservable(this.query)
      .pipe(
        debounceTime(TYPING_PAUSE),
        distinctUntilChanged(),
        tap((q) => this.loading.set(q.length >= MIN_QUERY)),
        switchMap((q) =>
          q.length < MIN_QUERY ? of<FoundGroup[]>([]) : this.api.find(q, SUGGESTIONS_PER_KIND),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((groups) => {
        this.groups.set(groups);
        this.active.set(-1);
        this.loading.set(false);
      });
  }

  protected optionId(index: number): string {
    return `global-search-option-${index}`;
  }

  protected typed(event: Event): void {
    this.text.set((event.target as HTMLInputElement).value);
    this.expanded.set(true);
  }

  protected key(event: KeyboardEvent): void {
    const n = this.count();
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        this.expanded.set(true);
        if (n > 0) {
          this.active.update((i) => (i + 1) % n);
        }
        break;
      case 'ArrowUp':
        event.preventDefault();
        this.expanded.set(true);
        if (n > 0) {
          this.active.update((i) => (i <= 0 ? n - 1 : i - 1));
        }
        break;
      case 'Enter': {
        event.preventDefault();
        const chosen = this.options()[this.active()];
        if (chosen && this.showPanel()) {
          this.open(chosen.item);
        } else if (this.query().length >= MIN_QUERY) {
          this.openResults();
        }
        break;
      }
      case 'Escape':
        if (this.showPanel()) {
          event.preventDefault();
          this.expanded.set(false);
          this.active.set(-1);
        } else if (this.text()) {
          event.preventDefault();
          this.clear();
        }
        break;
    }
  }

  /** Ctrl+K or ⌘K from anywhere in the app. */
  protected shortcut(event: KeyboardEvent): void {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
      event.preventDefault();
      this.input().nativeElement.focus();
      this.input().nativeElement.select();
      this.expanded.set(true);
    }
  }

  protected open(found: Found): void {
    this.clear();
    this.input().nativeElement.blur();
    void this.router.navigate([...found.link]);
  }

  protected openResults(): void {
    const q = this.query();
    this.clear();
    this.input().nativeElement.blur();
    void this.router.navigate(['/search'], { queryParams: { q } });
  }

  protected collapse(): void {
    this.expanded.set(false);
    this.active.set(-1);
  }

  private clear(): void {
    this.text.set('');
    this.input().nativeElement.value = '';
    this.collapse();
  }
}
