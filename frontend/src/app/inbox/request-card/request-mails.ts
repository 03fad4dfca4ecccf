import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { formatFileSize } from '../../shared/format/file-size';
import { formatRelativeDateTime } from '../../shared/format/relative-time';
import { I18n } from '../../shared/i18n/i18n';
import { TranslationKey } from '../../shared/i18n/ru';
import { TranslatePipe } from '../../shared/i18n/translate';
import { MailAttachment, RequestMail } from '../data-access/models';

/**
 * A mail request's thread: the mail it was made of and the client's replies, oldest first, each
 * with its sender, subject, time, text and attachments. A mail is only ever shown as text (the
 * server keeps text only; here interpolation, never innerHTML). A kept attachment is a download
 * link (the server answers it as a file, never to be shown in the page); one over the caps is
 * named with its size and why it was not kept.
 */
@Component({
  selector: 'app-request-mails',
  imports: [MatIconModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h3 class="label">{{ 'inbox.mails' | t }}</h3>
    <ol class="mails" data-testid="request-mails">
      @for (mail of mails(); track mail.id) {
        <li class="mail" [class.reply]="mail.kind === 'reply'" data-testid="request-mail">
          <div class="head">
            <span class="kind">{{ kindLabel(mail) | t }}</span>
            <span class="from" data-testid="mail-from">{{ from(mail) }}</span>
            <time [attr.datetime]="mail.receivedAt">{{ when(mail.receivedAt) }}</time>
          </div>
          <div class="subject" data-testid="mail-subject">
            {{ mail.subject || ('inbox.mail.noSubject' | t) }}
          </div>
          <p class="text" data-testid="mail-text">{{ mail.text }}</p>
          @if (mail.attachments.length) {
            <ul class="attachments" [attr.aria-label]="'inbox.mail.attachments' | t">
              @for (attachment of mail.attachments; track attachment.id) {
                <li data-testid="mail-attachment" [class.not-kept]="!attachment.kept">
                  <mat-icon aria-hidden="true">attach_file</mat-icon>
                  @if (attachment.kept) {
                    <a
                      [href]="downloadUrl(attachment)"
                      download
                      [attr.aria-label]="
                        'inbox.mail.download'
                          | t: { name: attachment.fileName, size: size(attachment) }
                      "
                      >{{ attachment.fileName }}</a
                    >
                  } @else {
                    <span class="name">{{ attachment.fileName }}</span>
                  }
                  <span class="size">{{ size(attachment) }}</span>
                  @if (!attachment.kept) {
                    <span class="why">{{ 'inbox.mail.notKept' | t }}</span>
                  }
                </li>
              }
            </ul>
          }
        </li>
      }
    </ol>
  `,
  styles: `
    :host {
      display: block;
    }
    .label {
      margin: 0 0 4px;
      font: var(--mat-sys-title-small);
    }
    .mails {
      list-style: none;
      margin: 0 0 12px;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: 8px;
    }
    .mail {
      padding: 8px 12px;
      border-radius: 6px;
      border-left: 3px solid var(--mat-sys-outline-variant);
      background: var(--mat-sys-surface-container-low);
      &.reply {
        border-left-color: var(--mat-sys-tertiary);
      }
    }
    .head {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 12px;
      align-items: baseline;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .kind {
      font-weight: 500;
      color: var(--mat-sys-on-surface);
    }
    .from {
      overflow-wrap: anywhere;
    }
    .subject {
      margin: 2px 0 4px;
      font: var(--mat-sys-title-small);
      overflow-wrap: anywhere;
    }
    .text {
      margin: 0;
      font: var(--mat-sys-body-medium);
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      max-height: 320px;
      overflow: auto;
    }
    .attachments {
      list-style: none;
      margin: 8px 0 0;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: 2px;
      font: var(--mat-sys-body-small);
      li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 4px 8px;
        overflow-wrap: anywhere;
      }
      mat-icon {
        width: 16px;
        height: 16px;
        font-size: 16px;
      }
      .size,
      .why {
        color: var(--mat-sys-on-surface-variant);
      }
    }
  `,
})
export class RequestMails {
  private readonly i18n = inject(I18n);

  readonly requestId = input.required<string>();
  readonly mails = input.required<readonly RequestMail[]>();

  protected readonly kindLabel = (mail: RequestMail): TranslationKey =>
    mail.kind === 'reply' ? 'inbox.mail.reply' : 'inbox.mail.request';

  /** "Иван Петров <ivan@example.com>", or whichever of the two the mail gave. */
  protected from(mail: RequestMail): string {
    const name = mail.fromName?.trim();
    const address = mail.fromAddress?.trim();
    if (name && address) {
      return `${name} <${address}>`;
    }
    return name || address || this.i18n.t('inbox.mail.noSender');
  }

  protected when(iso: string): string {
    return formatRelativeDateTime(iso, this.i18n);
  }

  protected size(attachment: MailAttachment): string {
    return formatFileSize(attachment.size, this.i18n.locale());
  }

  protected downloadUrl(attachment: MailAttachment): string {
    const id = encodeURIComponent;
    return `/api/inbox/requests/${id(this.requestId())}/attachments/${id(attachment.id)}`;
  }
}
