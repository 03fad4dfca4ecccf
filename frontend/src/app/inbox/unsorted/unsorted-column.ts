import { CdkVirtualScrollViewport, ScrollingModule } from '@angular/cdk/scrolling';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  effect,
  inject,
  input,
  untracked,
  viewChild,
} from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Stage } from '../../pipelines';
import { formatRelativeDateTime } from '../../shared/format/relative-time';
import { problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { TranslatePipe } from '../../shared/i18n/translate';
import { CrmHub } from '../../shared/realtime/crm-hub';
import { InboxRequest, RequestChanged } from '../data-access/models';
import { RequestListStore } from '../data-access/request-list-store';
import { RequestCards } from '../request-card/request-cards';
import { requestTitle, SOURCE_ICONS, sourceLabel } from '../request-card/request-text';

/** Height of a card plus the gap under it, as the board's other columns. */
export const REQUEST_CARD_SIZE = 92;

/**
 * The board's «Неразобранное»: the pipeline's new requests, newest first, a page at a time as
 * the column is scrolled; its count is every new request of the pipeline (no budget: a request
 * has none). Live for everyone: a new request appears at the top, one accepted or declined by
 * anyone leaves at once. A card opens the request's card. Whatever the board puts inside (deals
 * left in the stage from before requests) is shown under the requests.
 */
@Component({
  selector: 'app-unsorted-column',
  imports: [ScrollingModule, MatIconModule, TranslatePipe],
  providers: [RequestListStore],
  templateUrl: './unsorted-column.html',
  styleUrl: './unsorted-column.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    role: 'region',
    class: 'unsorted',
    '[attr.aria-label]': 'stage().name',
    '[attr.data-stage]': 'stage().name',
  },
})
export class UnsortedColumn {
  private readonly hub = inject(CrmHub);
  private readonly cards = inject(RequestCards);
  private readonly snackBar = inject(MatSnackBar);
  private readonly i18n = inject(I18n);
  private readonly viewport = viewChild(CdkVirtualScrollViewport);
  protected readonly store = inject(RequestListStore);

  readonly pipelineId = input.required<string>();
  readonly stage = input.required<Stage>();
  readonly now = input<Date>(new Date());

  protected readonly cardSize = REQUEST_CARD_SIZE;
  protected readonly skeletons = [0, 1, 2];
  protected readonly icons = SOURCE_ICONS;
  protected readonly sourceKey = (r: InboxRequest) => sourceLabel(r.source);
  protected readonly trackRequest = (_: number, r: InboxRequest) => r.id;

  constructor() {
    effect((onCleanup) => {
      const id = this.pipelineId();
      // The watch first; read again when it is put in place after the read (CrmHub's catch-up).
      onCleanup(this.hub.watch(`pipeline:${id}`, () => void this.store.reload()));
      untracked(() => void this.store.open({ status: 'new', pipelineId: id }));
    });
    const off = this.hub.on<RequestChanged>('requestChanged', (m) => this.store.applyChange(m));
    inject(DestroyRef).onDestroy(off);
  }

  protected title(request: InboxRequest): string {
    return requestTitle(request, this.i18n);
  }

  /** Company and subject under the name, whichever the request has. */
  protected second(request: InboxRequest): string {
    const name = this.title(request);
    return [request.companyName, request.subject]
      .map((s) => s?.trim() ?? '')
      .filter((s) => s && s !== name)
      .join(' · ');
  }

  protected when(request: InboxRequest): string {
    return formatRelativeDateTime(request.receivedAt, this.i18n, this.now());
  }

  protected async open(request: InboxRequest): Promise<void> {
    const outcome = await this.cards.open(request.id, request);
    if (!outcome) {
      return;
    }
    if (outcome.kind === 'taken') {
      this.store.remove(outcome.requestId);
    } else if (outcome.kind !== 'restored') {
      this.store.remove(outcome.request.id);
    }
  }

  protected async onScrolled(): Promise<void> {
    const viewport = this.viewport();
    if (!viewport || !this.store.nextCursor() || this.store.loadingMore()) {
      return;
    }
    if (viewport.getRenderedRange().end >= this.store.items().length - 10) {
      try {
        await this.store.loadMore();
      } catch (error) {
        this.snackBar.open(problemMessage(error, this.i18n), this.i18n.t('common.close'), {
          duration: 8000,
        });
      }
    }
  }
}
