import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  afterNextRender,
  inject,
  Injector,
  input,
  signal,
  viewChild,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { TranslatePipe } from '../../shared/i18n/translate';

export interface QuickAddValue {
  readonly name: string;
  readonly budget: number | null;
  readonly companyName: string | null;
  readonly contactName: string | null;
}

/**
 * «Быстрое добавление» at the top of a stage column: name, budget, company, contact in one
 * small form. Enter saves (and leaves the form open for the next deal), Esc closes. An
 * empty name is fine: the server calls the deal «Сделка #N».
 */
@Component({
  selector: 'app-quick-add',
  imports: [ReactiveFormsModule, MatButtonModule, MatIconModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './quick-add.html',
  styleUrl: './quick-add.scss',
})
export class QuickAdd {
  private readonly i18n = inject(I18n);
  private readonly injector = inject(Injector);
  private readonly nameInput = viewChild<ElementRef<HTMLInputElement>>('nameInput');
  private readonly openButton = viewChild<ElementRef<HTMLButtonElement>>('openButton');

  /** The stage's name, for labels ("Быстрое добавление: Первичный контакт"). */
  readonly stageName = input.required<string>();
  /** Saves the deal; resolves when the server has it, rejects with its problem. */
  readonly save = input.required<(value: QuickAddValue) => Promise<unknown>>();

  protected readonly open = signal(false);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', Validators.maxLength(255)],
    budget: ['', [Validators.min(0), Validators.max(999_999_999_999.99)]],
    companyName: ['', Validators.maxLength(255)],
    contactName: ['', Validators.maxLength(255)],
  });

  show(): void {
    this.open.set(true);
    this.error.set(null);
    afterNextRender(() => this.nameInput()?.nativeElement.focus(), { injector: this.injector });
  }

  close(): void {
    this.open.set(false);
    this.form.reset();
    this.error.set(null);
    afterNextRender(() => this.openButton()?.nativeElement.focus(), { injector: this.injector });
  }

  protected async submit(): Promise<void> {
    if (this.saving()) {
      return;
    }
    if (this.form.invalid) {
      this.error.set(this.i18n.t('quickAdd.invalid'));
      return;
    }
    const raw = this.form.getRawValue();
    const text = (value: string) => value.trim() || null;
    const budget = raw.budget === '' || raw.budget === null ? null : Number(raw.budget);
    this.saving.set(true);
    this.error.set(null);
    try {
      await this.save()({
        name: raw.name.trim(),
        budget: budget === null || Number.isNaN(budget) ? null : budget,
        companyName: text(raw.companyName),
        contactName: text(raw.contactName),
      });
      this.form.reset();
      this.nameInput()?.nativeElement.focus();
    } catch (error) {
      this.error.set(problemMessage(error, this.i18n));
    } finally {
      this.saving.set(false);
    }
  }
}
