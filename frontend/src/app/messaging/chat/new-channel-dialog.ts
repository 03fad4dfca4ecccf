import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import {
  FormGroupDirective,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  Validators,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatRadioModule } from '@angular/material/radio';
import { MatSelectModule } from '@angular/material/select';
import { firstValueFrom } from 'rxjs';
import { PeopleStore, SessionStore } from '../../identity';
import { applyServerErrors, FieldErrorPipe } from '../../shared/forms/field-error';
import { I18n } from '../../shared/i18n/i18n';
import { TranslatePipe } from '../../shared/i18n/translate';
import { MessagingApi } from '../data-access/messaging-api';
import { Channel } from '../data-access/models';

/**
 * «Создать канал»: a name, public (everyone reads it) or private (its members only, picked from
 * the active colleagues; the maker is one). Closes with the new channel.
 */
@Component({
  selector: 'app-new-channel-dialog',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatRadioModule,
    MatSelectModule,
    FieldErrorPipe,
    TranslatePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'chat.newChannel' | t }}</h2>
    <form [formGroup]="form" #directive="ngForm" (ngSubmit)="save(directive)">
      <mat-dialog-content class="dialog-form">
        <mat-form-field>
          <mat-label>{{ 'chat.channelName' | t }}</mat-label>
          <input matInput formControlName="name" maxlength="100" cdkFocusInitial />
          <mat-error>{{ form.controls.name | fieldError }}</mat-error>
        </mat-form-field>
        <mat-radio-group
          class="kinds"
          formControlName="kind"
          [attr.aria-label]="'chat.channelKind' | t"
        >
          <mat-radio-button value="public">{{ 'chat.kindPublicHint' | t }}</mat-radio-button>
          <mat-radio-button value="private">{{ 'chat.kindPrivateHint' | t }}</mat-radio-button>
        </mat-radio-group>
        @if (kind() === 'private') {
          <mat-form-field>
            <mat-label>{{ 'chat.members' | t }}</mat-label>
            <mat-select formControlName="members" multiple data-testid="channel-members">
              @for (user of colleagues(); track user.id) {
                <mat-option [value]="user.id">{{ user.displayName }}</mat-option>
              }
            </mat-select>
            <mat-hint>{{ 'chat.membersHint' | t }}</mat-hint>
            <mat-error>{{ form.controls.members | fieldError }}</mat-error>
          </mat-form-field>
        }
        @if (formError(); as message) {
          <p class="form-error" role="alert">{{ message }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | t }}</button>
        <button mat-flat-button type="submit" [disabled]="saving()">
          {{ 'chat.create' | t }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .kinds {
      display: flex;
      flex-direction: column;
      margin-bottom: 12px;
    }
  `,
})
export class NewChannelDialog {
  private readonly ref = inject(MatDialogRef<NewChannelDialog, Channel>);
  private readonly api = inject(MessagingApi);
  private readonly i18n = inject(I18n);
  private readonly people = inject(PeopleStore);
  private readonly session = inject(SessionStore);

  protected readonly saving = signal(false);
  protected readonly formError = signal<string | null>(null);
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(100)]],
    kind: ['public' as 'public' | 'private'],
    members: [[] as string[]],
  });
  protected readonly kind = toSignal(this.form.controls.kind.valueChanges, {
    initialValue: this.form.controls.kind.value,
  });
  protected readonly colleagues = computed(() => {
    const me = this.session.me()?.id;
    return this.people.active().filter((user) => user.id !== me);
  });

  constructor() {
    void this.people.ensureLoaded();
  }

  protected async save(directive: FormGroupDirective): Promise<void> {
    const value = this.form.getRawValue();
    if (!value.name.trim()) {
      this.form.controls.name.setValue('');
    }
    if (this.form.invalid || this.saving()) {
      directive.form.markAllAsTouched();
      return;
    }
    this.saving.set(true);
    this.formError.set(null);
    try {
      const channel = await firstValueFrom(
        this.api.createChannel(
          value.kind === 'private'
            ? { name: value.name.trim(), kind: 'private', members: value.members }
            : { name: value.name.trim(), kind: 'public' },
        ),
      );
      this.ref.close(channel);
    } catch (error) {
      this.formError.set(
        applyServerErrors(this.form, error, this.i18n, (path) =>
          path.startsWith('members') ? 'members' : path,
        ),
      );
    } finally {
      this.saving.set(false);
    }
  }
}
