import { Clipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { PipelinesStore } from '../../pipelines';
import { problemMessage, toProblem } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { TranslationKey } from '../../shared/i18n/ru';
import { TranslatePipe } from '../../shared/i18n/translate';
import { Confirmation } from '../../shared/ui/confirm-dialog';
import { EmptyState } from '../../shared/ui/empty-state';
import { InboxApi } from '../data-access/inbox-api';
import { FORM_FIELDS, FormFieldName, WebForm } from '../data-access/models';
import { SnippetDialog, SnippetDialogData } from './snippet-dialog';
import { WebFormDialog, WebFormDialogData } from './web-form-dialog';

/**
 * Settings → «Формы на сайт» (admin): the web forms whose snippet the company's site carries.
 * «Скопировать код» asks the server for the snippet (it needs the app's public address,
 * App__PublicUrl: a 409 says so plainly); «Новый ключ» and «Удалить» ask first, as the site's
 * code stops working.
 */
@Component({
  selector: 'app-web-forms',
  imports: [MatButtonModule, MatIconModule, MatMenuModule, RouterLink, EmptyState, TranslatePipe],
  templateUrl: './web-forms.html',
  styleUrls: ['../../pipelines/admin/admin.scss', './web-forms.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WebForms {
  private readonly api = inject(InboxApi);
  private readonly dialog = inject(MatDialog);
  private readonly confirmation = inject(Confirmation);
  private readonly snackBar = inject(MatSnackBar);
  private readonly clipboard = inject(Clipboard);
  private readonly i18n = inject(I18n);
  protected readonly pipelines = inject(PipelinesStore);

  protected readonly forms = signal<readonly WebForm[]>([]);
  protected readonly loaded = signal(false);
  protected readonly error = signal<string | null>(null);
  /** The snippet's 409: the app's public address is not set; stays on the page until it is. */
  protected readonly noPublicUrl = signal<string | null>(null);

  constructor() {
    void this.pipelines.ensureLoaded();
    void this.reload();
  }

  protected async reload(): Promise<void> {
    this.error.set(null);
    try {
      this.forms.set(await firstValueFrom(this.api.forms()));
      this.loaded.set(true);
    } catch (error) {
      this.error.set(problemMessage(error, this.i18n));
    }
  }

  protected pipelineName(id: string): string {
    return this.pipelines.byId(id)?.name ?? '—';
  }

  /** «Имя*, Телефон*, E-mail»: the fields the form shows, required ones starred. */
  protected shown(form: WebForm): string {
    return FORM_FIELDS.filter((name) => form.fields[name] && form.fields[name] !== 'off')
      .map((name) => {
        const label = this.i18n.t(`forms.field.${name}` as TranslationKey);
        return form.fields[name as FormFieldName] === 'required' ? `${label}*` : label;
      })
      .join(', ');
  }

  protected async edit(form?: WebForm): Promise<void> {
    const saved = await firstValueFrom(
      this.dialog
        .open<WebFormDialog, WebFormDialogData, WebForm>(WebFormDialog, {
          data: { form },
          width: '640px',
          maxWidth: '95vw',
        })
        .afterClosed(),
    );
    if (saved) {
      this.put(saved);
      this.notify(this.i18n.t('forms.saved', { name: saved.name }));
    }
  }

  protected async copyCode(form: WebForm): Promise<void> {
    try {
      const snippet = await firstValueFrom(this.api.snippet(form.id));
      this.noPublicUrl.set(null);
      const copied = this.clipboard.copy(snippet.html);
      this.dialog.open<SnippetDialog, SnippetDialogData>(SnippetDialog, {
        data: { formName: form.name, html: snippet.html, copied },
        maxWidth: '95vw',
      });
    } catch (error) {
      if (toProblem(error)?.status === 409) {
        this.noPublicUrl.set(problemMessage(error, this.i18n));
        return;
      }
      this.notify(problemMessage(error, this.i18n));
    }
  }

  protected async newKey(form: WebForm): Promise<void> {
    const yes = await this.confirmation.ask({
      title: this.i18n.t('forms.newKeyTitle'),
      message: this.i18n.t('forms.newKeyConfirm', { name: form.name }),
      confirm: this.i18n.t('forms.newKey'),
    });
    if (!yes) {
      return;
    }
    try {
      this.put(await firstValueFrom(this.api.newFormKey(form.id)));
      this.notify(this.i18n.t('forms.newKeyDone', { name: form.name }));
    } catch (error) {
      this.notify(problemMessage(error, this.i18n));
    }
  }

  protected async remove(form: WebForm): Promise<void> {
    const yes = await this.confirmation.ask({
      title: this.i18n.t('forms.removeTitle'),
      message: this.i18n.t('forms.removeConfirm', { name: form.name }),
      confirm: this.i18n.t('forms.remove'),
    });
    if (!yes) {
      return;
    }
    try {
      await firstValueFrom(this.api.deleteForm(form.id));
      this.forms.update((list) => list.filter((f) => f.id !== form.id));
      this.notify(this.i18n.t('forms.removed', { name: form.name }));
    } catch (error) {
      this.notify(problemMessage(error, this.i18n));
    }
  }

  private put(form: WebForm): void {
    this.forms.update((list) => {
      const rest = list.filter((f) => f.id !== form.id);
      return [...rest, form].sort((a, b) => a.name.localeCompare(b.name, this.i18n.locale()));
    });
  }

  private notify(message: string): void {
    this.snackBar.open(message, this.i18n.t('common.close'), { duration: 6000 });
  }
}
