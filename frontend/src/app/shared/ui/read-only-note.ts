import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';

/**
 * One line at the top of a card the user may look at but not change, saying why («Изменять
 * запись может ответственный…»). Every card says it the same way (deal, company, contact).
 */
@Component({
  selector: 'app-read-only-note',
  imports: [MatIconModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { role: 'status', 'data-testid': 'read-only-note', '[attr.title]': 'detail() || null' },
  template: `<mat-icon aria-hidden="true">lock</mat-icon><span>{{ reason() }}</span>`,
  styles: `
    :host {
      display: flex;
      align-items: center;
      gap: 6px;
      margin: 4px 0 8px;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    mat-icon {
      flex: 0 0 auto;
      width: 16px;
      height: 16px;
      font-size: 16px;
    }
  `,
})
export class ReadOnlyNote {
  /** Why the user may not change the record, in a short sentence. */
  readonly reason = input.required<string>();
  /** More on who may, for a pointer's hover (the reason alone must be enough). */
  readonly detail = input<string>();
}
