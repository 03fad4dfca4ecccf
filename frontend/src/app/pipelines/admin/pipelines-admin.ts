import {
  ChangeDetectionStrategy,
  Component,
  OnInit,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import {
  FormGroupDirective,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  Validators,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import { applyServerErrors, FieldErrorPipe } from '../../shared/forms/field-error';
import { problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { TranslationKey } from '../../shared/i18n/ru';
import { TranslatePipe } from '../../shared/i18n/translate';
import { EmptyState } from '../../shared/ui/empty-state';
import { InlineName, InlineNameEdit } from '../../shared/ui/inline-name';
import { PIPELINE_KINDS, Pipeline } from '../data-access/models';
import { PipelinesAdminStore } from '../data-access/pipelines-admin-store';

/** Settings → Воронки: create (sales or To-Do), rename, reorder, archive and restore. */
@Component({
  selector: 'app-pipelines-admin',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    MatTooltipModule,
    EmptyState,
    FieldErrorPipe,
    InlineName,
    TranslatePipe,
  ],
  providers: [PipelinesAdminStore],
  templateUrl: './pipelines-admin.html',
  styleUrl: './admin.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PipelinesAdmin implements OnInit {
  private readonly snackBar = inject(MatSnackBar);
  private readonly i18n = inject(I18n);
  protected readonly store = inject(PipelinesAdminStore);
  protected readonly kinds = PIPELINE_KINDS;
  /** Resetting through the directive also clears "submitted", so no error shows on the empty form. */
  private readonly formDirective = viewChild(FormGroupDirective);
  protected readonly saving = signal(false);
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(100)]],
    kind: ['sales' as Pipeline['kind'], Validators.required],
  });

  protected kindLabel(kind: Pipeline['kind']): TranslationKey {
    return `pipelineKind.${kind}`;
  }

  ngOnInit(): void {
    void this.store.load();
  }

  protected async create(): Promise<void> {
    if (this.form.invalid || this.saving()) {
      this.form.markAllAsTouched();
      return;
    }
    this.saving.set(true);
    const { name, kind } = this.form.getRawValue();
    try {
      const pipeline = await this.store.create(name.trim(), kind);
      this.formDirective()?.resetForm({ name: '', kind: 'sales' });
      this.notify(this.i18n.t('pipelinesAdmin.created', { name: pipeline.name }));
    } catch (error) {
      const message = applyServerErrors(this.form, error, this.i18n);
      if (message) {
        this.notify(message);
      }
    } finally {
      this.saving.set(false);
    }
  }

  protected rename(pipeline: Pipeline, edit: InlineNameEdit): Promise<void> {
    return this.run(
      () => this.store.update(pipeline, { name: edit.name }),
      'pipelinesAdmin.saved',
      () => edit.revert(),
    );
  }

  protected move(pipeline: Pipeline, delta: number): Promise<void> {
    return this.run(
      () => this.store.update(pipeline, { position: Math.max(0, pipeline.position + delta) }),
      'pipelinesAdmin.saved',
    );
  }

  protected archive(pipeline: Pipeline): Promise<void> {
    return this.run(() => this.store.archive(pipeline), 'pipelinesAdmin.archived');
  }

  protected restore(pipeline: Pipeline): Promise<void> {
    return this.run(
      () => this.store.update(pipeline, { archived: false }),
      'pipelinesAdmin.restored',
    );
  }

  private async run(
    command: () => Promise<unknown>,
    done: 'pipelinesAdmin.saved' | 'pipelinesAdmin.archived' | 'pipelinesAdmin.restored',
    undo?: () => void,
  ): Promise<void> {
    try {
      await command();
      this.notify(this.i18n.t(done));
    } catch (error) {
      undo?.();
      this.notify(problemMessage(error, this.i18n));
    }
  }

  private notify(message: string): void {
    this.snackBar.open(message, this.i18n.t('common.close'), { duration: 6000 });
  }
}
