import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  linkedSignal,
  signal,
} from '@angular/core';
import { rxResource, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import { debounceTime, firstValueFrom } from 'rxjs';
import { fieldErrors, problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { TranslationKey } from '../../shared/i18n/ru';
import { TranslatePipe } from '../../shared/i18n/translate';
import { Confirmation } from '../../shared/ui/confirm-dialog';
import { InlineName, InlineNameEdit } from '../../shared/ui/inline-name';
import { TAG_COLOUR_NAMES, TagColourMenu } from '../../shared/ui/tags/tag-colour-menu';
import {
  CountedTag,
  TAG_NAME_MAX,
  Tag,
  TagCatalogRef,
  TagColour,
  TagsApi,
} from '../../shared/ui/tags/tags-api';

type Kind = TagCatalogRef['kind'];

/** Whose tags: each kind's catalog (Deals' or Directory's), in the order of the switch. */
const CATALOGS: readonly TagCatalogRef[] = [
  { module: 'deals', kind: 'deal' },
  { module: 'directory', kind: 'company' },
  { module: 'directory', kind: 'contact' },
];

/** Each kind's words: the switch's label, the empty list, what a deletion does (with the count of records). */
const WORDS: Readonly<
  Record<Kind, { label: TranslationKey; empty: TranslationKey; removeConfirm: TranslationKey }>
> = {
  deal: {
    label: 'tagsAdmin.kind.deal',
    empty: 'tagsAdmin.empty.deal',
    removeConfirm: 'tagsAdmin.removeConfirm.deal',
  },
  company: {
    label: 'tagsAdmin.kind.company',
    empty: 'tagsAdmin.empty.company',
    removeConfirm: 'tagsAdmin.removeConfirm.company',
  },
  contact: {
    label: 'tagsAdmin.kind.contact',
    empty: 'tagsAdmin.empty.contact',
    removeConfirm: 'tagsAdmin.removeConfirm.contact',
  },
};

/** The most the catalog lists at once (the server's limit): past it, the search narrows. */
const SHOWN = 500;

/**
 * Settings → «Теги» (admin): the tags of deals, companies or contacts (a switch), A–Z, each as its chip.
 * The chip opens the palette (recolour), the name is edited in place (Enter saves, Esc puts it back),
 * and the bin deletes a tag after saying it leaves every record that has it. Users add tags from the
 * cards' picker; here they are kept in order.
 */
@Component({
  selector: 'app-tags-admin',
  imports: [
    RouterLink,
    MatButtonModule,
    MatButtonToggleModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    InlineName,
    TagColourMenu,
    TranslatePipe,
  ],
  templateUrl: './tags-admin.html',
  styleUrls: ['../../pipelines/admin/admin.scss', './tags-admin.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TagsAdmin {
  private readonly api = inject(TagsApi);
  private readonly confirmation = inject(Confirmation);
  private readonly snackBar = inject(MatSnackBar);
  private readonly i18n = inject(I18n);

  protected readonly kinds = CATALOGS.map((c) => c.kind);
  protected readonly words = WORDS;
  protected readonly maxName = TAG_NAME_MAX;
  protected readonly shownMax = SHOWN;
  protected readonly kind = signal<Kind>('deal');
  protected readonly query = signal('');
  private readonly typed = toSignal(toObservable(this.query).pipe(debounceTime(200)), {
    initialValue: '',
  });
  private readonly catalog = computed(() => CATALOGS.find((c) => c.kind === this.kind())!);

  /** The kind's tags for what is typed; a newer kind or search drops the read in flight. */
  protected readonly tags = rxResource({
    params: () => ({ catalog: this.catalog(), q: this.typed() }),
    stream: ({ params }) => this.api.listCounted(params.catalog, params.q, SHOWN),
  });
  /**
   * What the list shows: the last answer of the kind, kept while a newer search is read, so the rows
   * (and a name being edited) stay in place instead of blinking to «Загрузка…» at each keystroke.
   */
  protected readonly rows = linkedSignal<
    { kind: Kind; tags: CountedTag[] | undefined },
    CountedTag[] | undefined
  >({
    source: () => ({
      kind: this.kind(),
      tags: this.tags.hasValue() ? this.tags.value() : undefined,
    }),
    computation: (now, before) =>
      now.tags ?? (before?.source.kind === now.kind ? before.value : undefined),
  });

  protected colourLabel(tag: Tag): string {
    return this.i18n.t('tagsAdmin.recolour', {
      name: tag.name,
      colour: this.i18n.t(TAG_COLOUR_NAMES[tag.colour]),
    });
  }

  protected chooseKind(kind: Kind): void {
    this.kind.set(kind);
  }

  protected async recolour(tag: Tag, colour: TagColour): Promise<void> {
    if (colour !== tag.colour) {
      await this.save(tag, tag.name, colour);
    }
  }

  /** Inline rename; a refused name puts the old one back. */
  protected async rename(tag: Tag, edit: InlineNameEdit): Promise<void> {
    if (!(await this.save(tag, edit.name, tag.colour))) {
      edit.revert();
    }
  }

  /** Deletes after saying how many records lose the tag (the count the list was read with). */
  protected async remove(tag: CountedTag): Promise<void> {
    const catalog = this.catalog();
    const yes = await this.confirmation.ask({
      title: this.i18n.t('tagsAdmin.removeTitle'),
      message: this.i18n.t(WORDS[catalog.kind].removeConfirm, {
        name: tag.name,
        n: tag.records,
      }),
      confirm: this.i18n.t('tagsAdmin.remove'),
    });
    if (!yes) {
      return;
    }
    try {
      await firstValueFrom(this.api.remove(catalog, tag.id));
      this.tags.update((list) => list?.filter((t) => t.id !== tag.id));
      this.notify(this.i18n.t('tagsAdmin.removed', { name: tag.name }));
    } catch (error) {
      this.notify(this.messageOf(error));
    }
  }

  /** Saves a name and colour; the row shows what the server kept. */
  private async save(tag: Tag, name: string, colour: TagColour): Promise<boolean> {
    try {
      const saved = await firstValueFrom(this.api.update(this.catalog(), tag.id, { name, colour }));
      // The answer has no count: the row keeps its own (a rename or recolour moves no record).
      this.tags.update((list) =>
        list?.map((t) =>
          t.id === saved.id ? { ...t, name: saved.name, colour: saved.colour } : t,
        ),
      );
      this.notify(this.i18n.t('tagsAdmin.saved', { name: saved.name }));
      return true;
    } catch (error) {
      this.notify(this.messageOf(error));
      return false;
    }
  }

  /** A field's message (a taken name) before the problem's general title. */
  private messageOf(error: unknown): string {
    return Object.values(fieldErrors(error))[0]?.[0] ?? problemMessage(error, this.i18n);
  }

  private notify(message: string): void {
    this.snackBar.open(message, this.i18n.t('common.close'), { duration: 6000 });
  }
}
