import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { TranslatePipe } from '../i18n/translate';
import { TranslationKey } from '../i18n/ru';
import { EmptyState } from './empty-state';

/**
 * A section that is not built yet: its name and what will come there. Routes pass the
 * keys through `data` (component input binding), so each feature keeps its own texts.
 */
@Component({
  selector: 'app-section-placeholder',
  imports: [EmptyState, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page" [attr.aria-labelledby]="'section-title'">
      <header class="page-header">
        <h1 id="section-title">{{ titleKey() | t }}</h1>
      </header>
      <app-empty-state [icon]="icon()" [heading]="'empty.soon' | t" [text]="textKey() | t" />
    </section>
  `,
})
export class SectionPlaceholder {
  readonly titleKey = input.required<TranslationKey>();
  readonly textKey = input.required<TranslationKey>();
  readonly icon = input('inbox');
}
