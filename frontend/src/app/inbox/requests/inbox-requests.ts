import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  untracked,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { ActivatedRoute, Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { SessionStore } from '../../identity';
import { PipelinesStore } from '../../pipelines';
import { formatRelativeDateTime } from '../../shared/format/relative-time';
import { problemMessage, toProblem } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { TranslationKey } from '../../shared/i18n/ru';
import { TranslatePipe } from '../../shared/i18n/translate';
import { CrmHub } from '../../shared/realtime/crm-hub';
import { EmptyState } from '../../shared/ui/empty-state';
import { InboxApi } from '../data-access/inbox-api';
import {
  InboxRequest,
  REQUEST_STATUSES,
  RequestChanged,
  RequestStatus,
} from '../data-access/models';
import { RequestListStore } from '../data-access/request-list-store';
import { RequestCards } from '../request-card/request-cards';
import { requestTitle, SOURCE_ICONS, sourceLabel } from '../request-card/request-text';

const isStatus = (value: unknown): value is RequestStatus =>
  REQUEST_STATUSES.includes(value as RequestStatus);

/**
 * /inbox — «Заявки»: every request by status («Новые», «Принятые», «Отклонённые») and pipeline,
 * newest first, «Показать ещё» for the next page (keyset). A row opens the request's card; an
 * admin returns a declined one to «Неразобранное» («Вернуть»). The filter lives in the address
 * (`?status=declined&pipelineId=…`); `?request=<id>` opens that request's card. Live: the
 * watched pipelines' `requestChanged` add and take out rows as on the board.
 */
@Component({
  selector: 'app-inbox-requests',
  imports: [
    MatButtonModule,
    MatButtonToggleModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    EmptyState,
    TranslatePipe,
  ],
  providers: [RequestListStore],
  templateUrl: './inbox-requests.html',
  styleUrl: './inbox-requests.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InboxRequests {
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly hub = inject(CrmHub);
  private readonly api = inject(InboxApi);
  private readonly cards = inject(RequestCards);
  private readonly snackBar = inject(MatSnackBar);
  protected readonly i18n = inject(I18n);
  protected readonly session = inject(SessionStore);
  protected readonly pipelines = inject(PipelinesStore);
  protected readonly store = inject(RequestListStore);

  private readonly query = toSignal(this.route.queryParamMap, {
    initialValue: this.route.snapshot.queryParamMap,
  });
  protected readonly status = computed<RequestStatus>(() => {
    const value = this.query().get('status');
    return isStatus(value) ? value : 'new';
  });
  protected readonly pipelineId = computed(() => this.query().get('pipelineId') || null);
  /** Pipelines that take requests: the ones with «Неразобранное». */
  protected readonly requestPipelines = computed(() =>
    this.pipelines.pipelines().filter((p) => p.stages.some((s) => s.kind === 'unsorted')),
  );
  protected readonly statuses: readonly { value: RequestStatus; label: TranslationKey }[] = [
    { value: 'new', label: 'inbox.tab.new' },
    { value: 'accepted', label: 'inbox.tab.accepted' },
    { value: 'declined', label: 'inbox.tab.declined' },
  ];
  protected readonly icons = SOURCE_ICONS;
  protected readonly sourceKey = (r: InboxRequest) => sourceLabel(r.source);
  protected readonly emptyText = computed<TranslationKey>(() => `inbox.empty.${this.status()}`);

  constructor() {
    void this.pipelines.ensureLoaded();
    effect(() => {
      const filter = { status: this.status(), pipelineId: this.pipelineId() };
      untracked(() => void this.store.open(filter));
    });
    // Live: the chosen pipeline's topic, or every pipeline's that takes requests.
    effect((onCleanup) => {
      const chosen = this.pipelineId();
      const ids = chosen ? [chosen] : this.requestPipelines().map((p) => p.id);
      const unwatch = untracked(() => ids.map((id) => this.hub.watch(`pipeline:${id}`)));
      onCleanup(() => unwatch.forEach((stop) => stop()));
    });
    effect(() => {
      const wanted = this.query().get('request');
      if (wanted) {
        untracked(() => void this.openById(wanted));
      }
    });
    const off = this.hub.on<RequestChanged>('requestChanged', (m) => this.store.applyChange(m));
    const offReconnect = this.hub.onReconnected(() => void this.store.reload());
    inject(DestroyRef).onDestroy(() => {
      off();
      offReconnect();
    });
  }

  protected setStatus(status: RequestStatus): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { status: status === 'new' ? null : status },
      queryParamsHandling: 'merge',
    });
  }

  protected setPipeline(pipelineId: string): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { pipelineId: pipelineId || null },
      queryParamsHandling: 'merge',
    });
  }

  protected title(request: InboxRequest): string {
    return requestTitle(request, this.i18n);
  }

  protected when(iso: string): string {
    return formatRelativeDateTime(iso, this.i18n);
  }

  protected pipelineName(id: string): string {
    return this.pipelines.byId(id)?.name ?? '—';
  }

  protected async open(request: InboxRequest): Promise<void> {
    const outcome = await this.cards.open(request.id, request);
    if (outcome) {
      this.store.remove(outcome.kind === 'taken' ? outcome.requestId : outcome.request.id);
    }
  }

  protected async restore(request: InboxRequest): Promise<void> {
    try {
      await firstValueFrom(this.api.restore(request.id));
      this.store.remove(request.id);
      this.notify(this.i18n.t('inbox.restoredNamed', { name: this.title(request) }));
    } catch (error) {
      if (toProblem(error)?.status === 409) {
        this.store.remove(request.id);
      }
      this.notify(problemMessage(error, this.i18n));
    }
  }

  protected async more(): Promise<void> {
    try {
      await this.store.loadMore();
    } catch (error) {
      this.notify(problemMessage(error, this.i18n));
    }
  }

  /** `?request=<id>`: the card opens over the list, and the address forgets it. */
  private async openById(requestId: string): Promise<void> {
    await this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { request: null },
      queryParamsHandling: 'merge',
      replaceUrl: true,
    });
    const outcome = await this.cards.open(requestId);
    if (outcome) {
      this.store.remove(outcome.kind === 'taken' ? outcome.requestId : outcome.request.id);
    }
  }

  private notify(message: string): void {
    this.snackBar.open(message, this.i18n.t('common.close'), { duration: 8000 });
  }
}
