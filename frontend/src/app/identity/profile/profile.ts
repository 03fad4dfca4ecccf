import { Clipboard } from '@angular/cdk/clipboard';
import {
  ChangeDetectionStrategy,
  Component,
  OnInit,
  computed,
  inject,
  signal,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import {
  AbstractControl,
  FormGroupDirective,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  ValidationErrors,
  Validators,
} from '@angular/forms';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { applyServerErrors, FieldErrorPipe, integerRange } from '../../shared/forms/field-error';
import { problemMessage } from '../../shared/http/problem';
import { DateTimePipe } from '../../shared/i18n/date-time';
import { I18n, LANGUAGES, LANGUAGE_LABELS, Language } from '../../shared/i18n/i18n';
import { TranslatePipe } from '../../shared/i18n/translate';
import { Confirmation } from '../../shared/ui/confirm-dialog';
import { EmptyState } from '../../shared/ui/empty-state';
import { ApiToken, CreatedApiToken } from '../data-access/models';
import { SessionStore } from '../data-access/session-store';
import { TokensStore } from '../data-access/tokens-store';
import { PasswordAndSessions } from './password-and-sessions';

/** Every IANA zone this browser knows, plus the user's own if it is not among them. */
function timeZones(current: string): readonly string[] {
  const known =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return known.includes(current) || !current ? known : [current, ...known];
}

/** Settings → My settings: language, time zone, reminders, password and sessions, personal API tokens. */
@Component({
  selector: 'app-profile',
  imports: [
    ReactiveFormsModule,
    MatAutocompleteModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    MatTableModule,
    DateTimePipe,
    EmptyState,
    FieldErrorPipe,
    PasswordAndSessions,
    TranslatePipe,
  ],
  providers: [TokensStore],
  templateUrl: './profile.html',
  styleUrl: './profile.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Profile implements OnInit {
  private readonly session = inject(SessionStore);
  private readonly snackBar = inject(MatSnackBar);
  private readonly confirmation = inject(Confirmation);
  private readonly clipboard = inject(Clipboard);
  private readonly i18n = inject(I18n);
  private readonly formBuilder = inject(NonNullableFormBuilder);
  protected readonly tokens = inject(TokensStore);

  private readonly settings = this.session.me()?.settings;
  protected readonly languages = LANGUAGES;
  protected readonly languageLabels = LANGUAGE_LABELS;
  protected readonly zones = timeZones(this.settings?.timeZone ?? this.i18n.timeZone());

  protected readonly form = this.formBuilder.group({
    language: [this.settings?.language ?? this.i18n.language(), Validators.required],
    timeZone: [
      this.settings?.timeZone ?? this.i18n.timeZone(),
      [Validators.required, (control: AbstractControl) => this.knownZone(control)],
    ],
    reminderLeadMinutes: [
      this.settings?.reminderLeadMinutes ?? 30,
      [Validators.required, integerRange(0, 1440)],
    ],
  });
  private readonly zoneQuery = toSignal(this.form.controls.timeZone.valueChanges, {
    initialValue: this.form.controls.timeZone.value,
  });
  /** Zones matching what is typed; the full list while the field holds a valid zone. */
  protected readonly zoneOptions = computed(() => {
    const query = (this.zoneQuery() ?? '').trim().toLowerCase().replace(/\s+/g, '_');
    if (!query || this.zones.includes(this.zoneQuery())) {
      return this.zones;
    }
    return this.zones.filter((zone) => zone.toLowerCase().includes(query));
  });
  protected readonly saving = signal(false);
  protected readonly settingsError = signal<string | null>(null);

  protected readonly tokenForm = this.formBuilder.group({
    name: ['', [Validators.required, Validators.maxLength(100)]],
  });
  protected readonly creating = signal(false);
  protected readonly tokenError = signal<string | null>(null);
  /** The secret of the token just created; shown once, dropped when dismissed. */
  protected readonly created = signal<CreatedApiToken | null>(null);
  protected readonly tokenColumns = ['name', 'createdAt', 'lastUsedAt', 'actions'];

  ngOnInit(): void {
    void this.tokens.load();
  }

  protected async saveSettings(): Promise<void> {
    if (this.saving()) {
      return;
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.saving.set(true);
    this.settingsError.set(null);
    const value = this.form.getRawValue();
    try {
      await this.session.saveSettings({
        language: value.language as Language,
        timeZone: value.timeZone,
        reminderLeadMinutes: Number(value.reminderLeadMinutes),
      });
      this.form.markAsPristine();
      this.notify(this.i18n.t('profile.saved'));
    } catch (error) {
      this.settingsError.set(applyServerErrors(this.form, error, this.i18n));
    } finally {
      this.saving.set(false);
    }
  }

  protected async createToken(formDirective: FormGroupDirective): Promise<void> {
    if (this.creating()) {
      return;
    }
    if (this.tokenForm.invalid) {
      this.tokenForm.markAllAsTouched();
      return;
    }
    this.creating.set(true);
    this.tokenError.set(null);
    try {
      const created = await this.tokens.create(this.tokenForm.getRawValue().name.trim());
      this.created.set(created);
      // resetForm also clears "submitted", so the empty name is not shown as an error.
      formDirective.resetForm();
    } catch (error) {
      this.tokenError.set(applyServerErrors(this.tokenForm, error, this.i18n));
    } finally {
      this.creating.set(false);
    }
  }

  protected copy(token: string): void {
    if (this.clipboard.copy(token)) {
      this.notify(this.i18n.t('tokens.copied'));
    }
  }

  protected async revoke(token: ApiToken): Promise<void> {
    const confirmed = await this.confirmation.ask({
      title: this.i18n.t('tokens.revokeNamed', { name: token.name }),
      message: this.i18n.t('tokens.revokeConfirm', { name: token.name }),
      confirm: this.i18n.t('tokens.revoke'),
    });
    if (!confirmed) {
      return;
    }
    try {
      await this.tokens.revoke(token);
      this.notify(this.i18n.t('tokens.revoked', { name: token.name }));
    } catch (error) {
      this.notify(problemMessage(error, this.i18n));
    }
  }

  private knownZone(control: AbstractControl): ValidationErrors | null {
    const value = control.value as string;
    return !value || this.zones.length === 0 || this.zones.includes(value)
      ? null
      : { server: this.i18n.t('profile.timeZoneInvalid') };
  }

  private notify(message: string): void {
    this.snackBar.open(message, this.i18n.t('common.close'), { duration: 5000 });
  }
}
