import {
  CdkDrag,
  CdkDragDrop,
  CdkDragHandle,
  CdkDropList,
  moveItemInArray,
} from '@angular/cdk/drag-drop';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  OnInit,
  computed,
  inject,
  input,
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
import { RouterLink } from '@angular/router';
import { applyServerErrors, FieldErrorPipe, integerRange } from '../../shared/forms/field-error';
import { problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { TranslationKey } from '../../shared/i18n/ru';
import { TranslatePipe } from '../../shared/i18n/translate';
import { Confirmation } from '../../shared/ui/confirm-dialog';
import { InlineName } from '../../shared/ui/inline-name';
import { Stage, StageKind } from '../data-access/models';
import { PipelinesAdminStore } from '../data-access/pipelines-admin-store';

/**
 * Settings → a pipeline's stages: add, rename, recolour, probability, reorder by drag,
 * remove (Deals decides: 409 while the stage holds deals, its message is shown; 202 while it has
 * not answered yet: the stage shows as being removed while the store follows the request, then the
 * outcome shows, removed or refused).
 */
@Component({
  selector: 'app-stages-admin',
  imports: [
    CdkDrag,
    CdkDragHandle,
    CdkDropList,
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    FieldErrorPipe,
    InlineName,
    TranslatePipe,
  ],
  providers: [PipelinesAdminStore],
  templateUrl: './stages-admin.html',
  styleUrl: './admin.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StagesAdmin implements OnInit {
  private readonly snackBar = inject(MatSnackBar);
  private readonly confirmation = inject(Confirmation);
  private readonly i18n = inject(I18n);
  protected readonly store = inject(PipelinesAdminStore);
  /** A removal followed after the page was left says nothing on another page. */
  private left = false;

  /** Route parameter. */
  readonly id = input.required<string>();

  protected readonly pipeline = computed(
    () => this.store.pipelines().find((p) => p.id === this.id()) ?? null,
  );
  protected readonly kinds = computed<StageKind[]>(() => {
    const pipeline = this.pipeline();
    const hasUnsorted = pipeline?.stages.some((s) => s.kind === 'unsorted');
    return pipeline?.kind === 'sales' && !hasUnsorted ? ['open', 'unsorted'] : ['open'];
  });
  /** Resetting through the directive also clears "submitted", so no error shows on the empty form. */
  private readonly formDirective = viewChild(FormGroupDirective);
  protected readonly saving = signal(false);
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(100)]],
    color: ['#4a90e2'],
    kind: ['open' as StageKind],
    probability: [20, [Validators.required, integerRange(0, 100)]],
  });

  constructor() {
    inject(DestroyRef).onDestroy(() => (this.left = true));
  }

  ngOnInit(): void {
    void this.store.load();
  }

  protected kindLabel(kind: StageKind): TranslationKey {
    return `stageKind.${kind}`;
  }

  protected async add(): Promise<void> {
    const pipeline = this.pipeline();
    if (!pipeline || this.form.invalid || this.saving()) {
      this.form.markAllAsTouched();
      return;
    }
    this.saving.set(true);
    const value = this.form.getRawValue();
    try {
      await this.store.addStage(pipeline.id, {
        name: value.name.trim(),
        color: value.color,
        kind: value.kind,
        probability: Number(value.probability),
      });
      this.formDirective()?.resetForm({
        name: '',
        color: '#4a90e2',
        kind: 'open',
        probability: 20,
      });
      this.notify(this.i18n.t('stagesAdmin.added', { name: value.name.trim() }));
    } catch (error) {
      const message = applyServerErrors(this.form, error, this.i18n);
      if (message) {
        this.notify(message);
      }
    } finally {
      this.saving.set(false);
    }
  }

  /**
   * Saves a stage's name, colour and probability together; a refusal puts all three back. The name
   * calls it only for a new name (InlineName puts an emptied or unchanged one back by itself), the
   * colour and the probability on their own change.
   */
  protected async save(
    stage: Stage,
    name: HTMLInputElement,
    color: HTMLInputElement,
    probability: HTMLInputElement,
  ): Promise<void> {
    const pipeline = this.pipeline();
    const changes = {
      name: name.value.trim(),
      color: color.value,
      probability: Math.round(Number(probability.value)),
    };
    if (
      !pipeline ||
      !changes.name ||
      Number.isNaN(changes.probability) ||
      (changes.name === stage.name &&
        changes.color.toLowerCase() === stage.color.toLowerCase() &&
        changes.probability === stage.probability)
    ) {
      name.value = stage.name;
      return;
    }
    try {
      await this.store.updateStage(pipeline.id, stage, changes);
      this.notify(this.i18n.t('stagesAdmin.saved'));
    } catch (error) {
      name.value = stage.name;
      color.value = stage.color;
      probability.value = String(stage.probability);
      this.notify(problemMessage(error, this.i18n));
    }
  }

  protected async remove(stage: Stage): Promise<void> {
    const pipeline = this.pipeline();
    if (!pipeline) {
      return;
    }
    const yes = await this.confirmation.ask({
      title: this.i18n.t('stagesAdmin.removeTitle'),
      message: this.i18n.t('stagesAdmin.removeConfirm', { name: stage.name }),
      confirm: this.i18n.t('stagesAdmin.remove'),
    });
    if (!yes) {
      return;
    }
    try {
      const removal = await this.store.removeStage(pipeline.id, stage);
      if (this.left) {
        return;
      }
      this.notify(
        removal.outcome === 'removed'
          ? this.i18n.t('stagesAdmin.removed', { name: stage.name })
          : removal.outcome === 'refused'
            ? this.i18n.t('stagesAdmin.refused', { n: removal.dealCount })
            : this.i18n.t('stagesAdmin.removing', { name: stage.name }),
      );
    } catch (error) {
      this.notify(problemMessage(error, this.i18n));
    }
  }

  protected async drop(event: CdkDragDrop<readonly Stage[]>): Promise<void> {
    const pipeline = this.pipeline();
    if (!pipeline || event.previousIndex === event.currentIndex) {
      return;
    }
    const ids = pipeline.stages.map((s) => s.id);
    moveItemInArray(ids, event.previousIndex, event.currentIndex);
    try {
      await this.store.reorderStages(pipeline.id, ids);
    } catch (error) {
      this.notify(problemMessage(error, this.i18n));
    }
  }

  private notify(message: string): void {
    this.snackBar.open(message, this.i18n.t('common.close'), { duration: 8000 });
  }
}
