import { DOCUMENT } from '@angular/common';
import { Injectable, computed, inject, signal } from '@angular/core';
import { en } from './en';
import { Dictionary, TranslationKey, ru } from './ru';

export type Language = 'ru' | 'en';
export const LANGUAGES: readonly Language[] = ['ru', 'en'];
/** Each language is named in itself ("Русский", "English") whatever the UI language is. */
export const LANGUAGE_LABELS: Readonly<Record<Language, TranslationKey>> = {
  ru: 'lang.ru',
  en: 'lang.en',
};
export type TranslationParams = Readonly<Record<string, string | number>>;

const dictionaries: Readonly<Record<Language, Dictionary>> = { ru, en };
/**
 * ICU's plural, the one piece of ICU MessageFormat the texts use, so that a count reads right in each
 * language («с 1 сделки», «с 3 сделок»; "1 deal", "3 deals") rather than «Сделок: 3»:
 * `{n, plural, =0 {…} one {…} few {…} many {…} other {…}}`. A branch may hold `{name}` placeholders;
 * `#` in it is the number, written the locale's way.
 */
const PLURAL =
  /\{(\w+), plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{(?:[^{}]|\{\w+\})*\})+)\s*\}/g;
const BRANCH = /(=\d+|zero|one|two|few|many|other)\s*\{((?:[^{}]|\{\w+\})*)\}/g;
const STORAGE_KEY = 'crm.language';
const DEFAULT_TIME_ZONE = 'Europe/Moscow';

export function isLanguage(value: unknown): value is Language {
  return value === 'ru' || value === 'en';
}

/**
 * The user's language and time zone as signals, and the lookup of UI texts.
 * Switching the language re-renders every template that reads `t()` or the `t` pipe,
 * without a reload. The signed-in user's settings win; before sign-in the last language
 * used on this browser (localStorage) is taken, Russian by default.
 */
@Injectable({ providedIn: 'root' })
export class I18n {
  private readonly document = inject(DOCUMENT);
  private readonly languageState = signal<Language>(this.storedLanguage() ?? 'ru');
  private readonly timeZoneState = signal<string>(DEFAULT_TIME_ZONE);

  readonly language = this.languageState.asReadonly();
  readonly timeZone = this.timeZoneState.asReadonly();
  /** BCP 47 tag for Intl and Angular pipes. */
  readonly locale = computed(() => (this.language() === 'ru' ? 'ru-RU' : 'en-GB'));
  private readonly pluralRules = computed(() => new Intl.PluralRules(this.locale()));
  private readonly numbers = computed(() => new Intl.NumberFormat(this.locale()));

  constructor() {
    this.document.documentElement.lang = this.languageState();
  }

  use(language: Language): void {
    this.languageState.set(language);
    this.document.documentElement.lang = language;
    try {
      this.document.defaultView?.localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // Storage can be disabled (private mode, policies); the language still applies now.
    }
  }

  useTimeZone(timeZone: string): void {
    this.timeZoneState.set(timeZone || DEFAULT_TIME_ZONE);
  }

  /**
   * The text for `key` in the current language, with `{name}` placeholders filled in and each
   * `{n, plural, …}` (see PLURAL) down to its branch for the number `n`: `=n` if the text has it, else
   * the language's category for it (Intl.PluralRules: one, few, many…), else `other`.
   */
  t(key: TranslationKey, params?: TranslationParams): string {
    const text = dictionaries[this.languageState()][key] ?? key;
    if (!params) {
      return text;
    }
    return text
      .replace(PLURAL, (whole, name: string, branches: string) => {
        const n = params[name];
        if (typeof n !== 'number') {
          return whole;
        }
        return this.branchOf(branches, n)?.replaceAll('#', this.numbers().format(n)) ?? whole;
      })
      .replace(/\{(\w+)\}/g, (whole, name: string) =>
        name in params ? String(params[name]) : whole,
      );
  }

  private branchOf(branches: string, n: number): string | undefined {
    const byName = new Map([...branches.matchAll(BRANCH)].map((b) => [b[1], b[2]]));
    return byName.get(`=${n}`) ?? byName.get(this.pluralRules().select(n)) ?? byName.get('other');
  }

  private storedLanguage(): Language | null {
    try {
      const value = this.document.defaultView?.localStorage.getItem(STORAGE_KEY);
      return isLanguage(value) ? value : null;
    } catch {
      return null;
    }
  }
}
