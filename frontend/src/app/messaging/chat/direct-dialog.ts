import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { firstValueFrom } from 'rxjs';
import { PeopleStore, SessionStore } from '../../identity';
import { problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { TranslatePipe } from '../../shared/i18n/translate';
import { MessagingApi } from '../data-access/messaging-api';
import { Channel } from '../data-access/models';

/**
 * «Написать коллеге»: pick an active colleague (typing filters by name); the conversation with
 * them is opened (made the first time) and the dialog closes with it.
 */
@Component({
  selector: 'app-direct-dialog',
  imports: [
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    TranslatePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'chat.writeColleague' | t }}</h2>
    <mat-dialog-content class="dialog-form">
      <mat-form-field>
        <mat-label>{{ 'chat.findColleague' | t }}</mat-label>
        <input
          #search
          matInput
          cdkFocusInitial
          autocomplete="off"
          (input)="query.set(search.value)"
          (keydown.enter)="openFirst()"
        />
      </mat-form-field>
      <ul class="people" [attr.aria-label]="'chat.colleagues' | t">
        @for (user of colleagues(); track user.id) {
          <li>
            <button
              mat-button
              type="button"
              class="person"
              [disabled]="opening()"
              (click)="open(user.id)"
            >
              <mat-icon aria-hidden="true">person</mat-icon>
              {{ user.displayName }}
            </button>
          </li>
        } @empty {
          <li class="none">
            {{ (people.loaded() ? 'chat.noColleagues' : 'common.loading') | t }}
          </li>
        }
      </ul>
      @if (error(); as message) {
        <p class="form-error" role="alert">{{ message }}</p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | t }}</button>
    </mat-dialog-actions>
  `,
  styles: `
    .people {
      max-height: 320px;
      overflow-y: auto;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .person {
      width: 100%;
      justify-content: flex-start;
    }
    .none {
      padding: 8px;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class DirectDialog {
  private readonly ref = inject(MatDialogRef<DirectDialog, Channel>);
  private readonly api = inject(MessagingApi);
  private readonly i18n = inject(I18n);
  private readonly session = inject(SessionStore);
  protected readonly people = inject(PeopleStore);

  protected readonly query = signal('');
  protected readonly opening = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly colleagues = computed(() => {
    const me = this.session.me()?.id;
    const q = this.query().trim().toLocaleLowerCase();
    return this.people
      .active()
      .filter((user) => user.id !== me && user.displayName.toLocaleLowerCase().includes(q));
  });

  constructor() {
    void this.people.ensureLoaded();
  }

  protected openFirst(): void {
    const first = this.colleagues()[0];
    if (first) {
      void this.open(first.id);
    }
  }

  protected async open(userId: string): Promise<void> {
    if (this.opening()) {
      return;
    }
    this.opening.set(true);
    this.error.set(null);
    try {
      this.ref.close(await firstValueFrom(this.api.direct(userId)));
    } catch (error) {
      this.error.set(problemMessage(error, this.i18n));
    } finally {
      this.opening.set(false);
    }
  }
}
