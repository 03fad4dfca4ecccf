import { Pipe, PipeTransform, inject } from '@angular/core';
import { I18n, TranslationParams } from './i18n';
import { TranslationKey } from './ru';

/**
 * `{{ 'nav.deals' | t }}`. Impure on purpose: the result depends on the language signal,
 * not only on the arguments, and a lookup is cheaper than tracking it another way.
 */
@Pipe({ name: 't', pure: false })
export class TranslatePipe implements PipeTransform {
  private readonly i18n = inject(I18n);

  transform(key: TranslationKey, params?: TranslationParams): string {
    return this.i18n.t(key, params);
  }
}
