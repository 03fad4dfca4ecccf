import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { PipelinesStore } from '../../pipelines';
import { formatRelativeDateTime } from '../../shared/format/relative-time';
import { I18n } from '../../shared/i18n/i18n';
import { TranslatePipe } from '../../shared/i18n/translate';
import { InboxRequest } from '../data-access/models';
import { RequestMails } from './request-mails';
import { rawText, SOURCE_ICONS, sourceLabel, statusLabel } from './request-text';

/**
 * All a request holds: the client, their phones and e-mails, the company, the subject, the
 * region, the message (for a mail's request: the thread of mails with their attachments) and,
 * folded, the raw message as it came. Every text is shown as text
 * (interpolation, `white-space: pre-wrap`): a `<script>` a visitor typed stays characters.
 */
@Component({
  selector: 'app-request-details',
  imports: [MatIconModule, RequestMails, RouterLink, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let r = request();
    <p class="meta">
      <span class="source">
        <mat-icon aria-hidden="true">{{ icons[r.source] }}</mat-icon>
        {{ sourceKey(r) | t }}
      </span>
      <span>{{ when(r.receivedAt) }}</span>
      @if (showStatus()) {
        <span class="status" [class]="r.status">{{ statusKey(r) | t }}</span>
      }
    </p>
    <dl class="facts">
      <dt>{{ 'inbox.region' | t }}</dt>
      <dd class="region" [class.none]="!r.region">{{ r.region || ('inbox.noRegion' | t) }}</dd>
      <dt>{{ 'inbox.contactName' | t }}</dt>
      <dd>{{ r.contactName || '—' }}</dd>
      <dt>{{ 'inbox.phones' | t }}</dt>
      <dd>
        @for (phone of r.phones; track phone) {
          <a [href]="'tel:' + phone">{{ phone }}</a>
        } @empty {
          —
        }
      </dd>
      <dt>{{ 'inbox.emails' | t }}</dt>
      <dd>
        @for (email of r.emails; track email) {
          <a [href]="'mailto:' + email">{{ email }}</a>
        } @empty {
          —
        }
      </dd>
      <dt>{{ 'inbox.companyName' | t }}</dt>
      <dd>{{ r.companyName || '—' }}</dd>
      <dt>{{ 'inbox.subject' | t }}</dt>
      <dd>{{ r.subject || '—' }}</dd>
      @if (showPipeline()) {
        <dt>{{ 'inbox.pipeline' | t }}</dt>
        <dd>{{ pipelineName() }}</dd>
      }
      @if (r.status !== 'new' && r.decidedByName) {
        <dt>{{ (r.status === 'accepted' ? 'inbox.acceptedBy' : 'inbox.declinedBy') | t }}</dt>
        <dd>
          {{ r.decidedByName }}
          @if (r.decidedAt) {
            , {{ when(r.decidedAt) }}
          }
        </dd>
      }
      @if (r.declineReason) {
        <dt>{{ 'inbox.declineReason' | t }}</dt>
        <dd class="text">{{ r.declineReason }}</dd>
      }
      @if (r.dealId && showDealLink()) {
        <dt>{{ 'inbox.deal' | t }}</dt>
        <dd>
          <a [routerLink]="['/deals', r.dealId]">{{ 'inbox.openDeal' | t }}</a>
        </dd>
      }
    </dl>
    @if (r.mails?.length) {
      <!-- A mail's request: its message is the first mail's text, shown whole in the thread. -->
      <app-request-mails [requestId]="r.id" [mails]="r.mails ?? []" />
    } @else {
      <h3 class="label">{{ 'inbox.message' | t }}</h3>
      <p class="message text" data-testid="request-message">{{ r.message || '—' }}</p>
    }
    @if (r.raw) {
      <details class="raw">
        <summary>
          {{ 'inbox.raw' | t }}
          @if (r.rawType) {
            <span class="raw-type">({{ r.rawType }})</span>
          }
        </summary>
        <pre data-testid="request-raw">{{ raw() }}</pre>
      </details>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      gap: 12px;
      align-items: center;
      margin: 0 0 8px;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .source {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      mat-icon {
        width: 18px;
        height: 18px;
        font-size: 18px;
      }
    }
    .status {
      padding: 1px 8px;
      border-radius: 10px;
      background: var(--mat-sys-surface-container-high);
      color: var(--mat-sys-on-surface);
      &.accepted {
        background: #d7f0dc;
        color: #14532d;
      }
      &.declined {
        background: var(--mat-sys-error-container);
        color: var(--mat-sys-on-error-container);
      }
    }
    .facts {
      display: grid;
      grid-template-columns: minmax(120px, max-content) 1fr;
      gap: 4px 16px;
      margin: 0 0 12px;
      font: var(--mat-sys-body-medium);
    }
    dt {
      color: var(--mat-sys-on-surface-variant);
    }
    dd {
      margin: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 4px 12px;
      overflow-wrap: anywhere;
    }
    .region {
      font-weight: 500;
      &.none {
        font-weight: normal;
        color: var(--mat-sys-on-surface-variant);
      }
    }
    .label {
      margin: 0 0 4px;
      font: var(--mat-sys-title-small);
    }
    .text {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .message {
      margin: 0 0 12px;
      padding: 8px 12px;
      border-radius: 6px;
      background: var(--mat-sys-surface-container-low);
      font: var(--mat-sys-body-medium);
      max-height: 320px;
      overflow: auto;
    }
    .raw summary {
      cursor: pointer;
      font: var(--mat-sys-label-large);
      color: var(--mat-sys-primary);
    }
    .raw-type {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .raw pre {
      margin: 8px 0 0;
      padding: 8px 12px;
      max-height: 280px;
      overflow: auto;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 6px;
      font-size: 12px;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
  `,
})
export class RequestDetails {
  private readonly i18n = inject(I18n);
  private readonly pipelines = inject(PipelinesStore);

  readonly request = input.required<InboxRequest>();
  readonly showStatus = input(true);
  readonly showPipeline = input(true);
  readonly showDealLink = input(true);

  protected readonly icons = SOURCE_ICONS;
  protected readonly sourceKey = (r: InboxRequest) => sourceLabel(r.source);
  protected readonly statusKey = (r: InboxRequest) => statusLabel(r.status);
  protected readonly raw = computed(() => rawText(this.request()));
  protected readonly pipelineName = computed(
    () => this.pipelines.byId(this.request().pipelineId)?.name ?? '—',
  );

  constructor() {
    void this.pipelines.ensureLoaded();
  }

  protected when(iso: string): string {
    return formatRelativeDateTime(iso, this.i18n);
  }
}
