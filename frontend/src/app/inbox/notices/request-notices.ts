import { Injectable, inject } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';
import { I18n } from '../../shared/i18n/i18n';
import { CrmHub } from '../../shared/realtime/crm-hub';
import { RequestArrived } from '../data-access/models';
import { RequestCards } from '../request-card/request-cards';

/**
 * A new request announced to the managers of its region, or to everyone when nobody covers it
 * (`requestArrived` on the user's own topic, docs/inbox-api.md "Live"): a snack bar wherever the
 * user is, with «Открыть», which opens the request's card in place.
 */
@Injectable({ providedIn: 'root' })
export class RequestNotices {
  private readonly hub = inject(CrmHub);
  private readonly snackBar = inject(MatSnackBar);
  private readonly i18n = inject(I18n);
  private readonly cards = inject(RequestCards);
  private stop: (() => void) | null = null;

  /** Starts listening (the shell, once signed in); returns the way to stop. */
  start(): () => void {
    this.stop?.();
    const off = this.hub.on<RequestArrived>('requestArrived', (notice) => this.show(notice));
    const disconnect = this.hub.connect();
    this.stop = () => {
      off();
      disconnect();
      this.stop = null;
    };
    return this.stop;
  }

  /** «Новая заявка в вашем регионе (Свердловская обл): Иван Петров — Кресла в офис». */
  text(notice: RequestArrived): string {
    const who = [notice.contactName?.trim(), notice.subject?.trim()].filter(Boolean).join(' — ');
    const what = who || this.i18n.t('inbox.noName');
    if (notice.inYourRegion && notice.region) {
      return this.i18n.t('inbox.arrivedInRegion', { region: notice.region, what });
    }
    return notice.region
      ? this.i18n.t('inbox.arrivedFrom', { region: notice.region, what })
      : this.i18n.t('inbox.arrived', { what });
  }

  private show(notice: RequestArrived): void {
    this.snackBar
      .open(this.text(notice), this.i18n.t('inbox.open'), { duration: 15000 })
      .onAction()
      .subscribe(() => void this.cards.open(notice.requestId));
  }
}
