import { DOCUMENT } from '@angular/common';
import { Component, inject, provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { en } from './en';
import { I18n } from './i18n';
import { ru } from './ru';
import { TranslatePipe } from './translate';

@Component({
  imports: [TranslatePipe],
  template: `<h1>{{ 'nav.deals' | t }}</h1>`,
})
class Host {
  readonly i18n = inject(I18n);
}

describe('I18n', () => {
  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
  });

  it('speaks Russian by default', () => {
    const i18n = TestBed.inject(I18n);

    expect(i18n.language()).toBe('ru');
    expect(i18n.t('nav.deals')).toBe('Сделки');
    expect(TestBed.inject(DOCUMENT).documentElement.lang).toBe('ru');
  });

  it('switches to English at once and remembers the choice for the next visit', () => {
    const i18n = TestBed.inject(I18n);

    i18n.use('en');

    expect(i18n.t('nav.deals')).toBe('Deals');
    expect(i18n.locale()).toBe('en-GB');
    expect(TestBed.inject(DOCUMENT).documentElement.lang).toBe('en');
    expect(localStorage.getItem('crm.language')).toBe('en');
  });

  it('starts in the language stored before sign-in', () => {
    localStorage.setItem('crm.language', 'en');

    expect(TestBed.inject(I18n).language()).toBe('en');
  });

  it('ignores a stored value that is not a language', () => {
    localStorage.setItem('crm.language', 'de');

    expect(TestBed.inject(I18n).language()).toBe('ru');
  });

  it('fills in placeholders', () => {
    const i18n = TestBed.inject(I18n);

    expect(i18n.t('users.created', { name: 'Иван' })).toBe('Пользователь Иван добавлен');
    expect(i18n.t('form.range', { min: 0, max: 1440 })).toBe('Введите целое число от 0 до 1440');
  });

  it('picks the plural branch for the number in each language, exact values first, # written the locale’s way', () => {
    const i18n = TestBed.inject(I18n);
    const said = (n: number) => i18n.t('tagsAdmin.removeConfirm.deal', { name: 'VIP', n });

    expect([1, 21, 3, 5, 11, 0].map(said)).toEqual([
      'Тег «VIP» будет снят с 1 сделки.',
      'Тег «VIP» будет снят с 21 сделки.',
      'Тег «VIP» будет снят с 3 сделок.',
      'Тег «VIP» будет снят с 5 сделок.',
      'Тег «VIP» будет снят с 11 сделок.',
      'Тега «VIP» нет ни у одной сделки.',
    ]);
    expect(i18n.t('tagsAdmin.removeConfirm.contact', { name: 'ЛПР', n: 2 })).toBe(
      'Тег «ЛПР» будет снят с 2 контактов.',
    );
    expect(said(12500)).toBe('Тег «VIP» будет снят с 12\u00a0500 сделок.');

    i18n.use('en');
    expect([1, 2, 0, 12500].map(said)).toEqual([
      'The tag “VIP” will be removed from 1 deal.',
      'The tag “VIP” will be removed from 2 deals.',
      'No deal has the tag “VIP”.',
      'The tag “VIP” will be removed from 12,500 deals.',
    ]);
    // without the number the text stays as written
    expect(i18n.t('tagsAdmin.removeConfirm.deal', { name: 'VIP' })).toContain('{n, plural,');
  });

  it('re-renders templates that use the pipe when the language changes', async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const heading = fixture.nativeElement.querySelector('h1') as HTMLElement;
    expect(heading.textContent).toBe('Сделки');

    fixture.componentInstance.i18n.use('en');
    await fixture.whenStable();

    expect(heading.textContent).toBe('Deals');
  });

  it('has the same keys in both dictionaries, none of them empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ru).sort());
    for (const [key, text] of [...Object.entries(ru), ...Object.entries(en)]) {
      expect(text.trim(), key).not.toBe('');
    }
  });

  it('uses the same placeholders in both languages', () => {
    // `{name}`, and the number of a `{n, plural, …}`
    const placeholders = (text: string) => (text.match(/\{\w+(?=\}|, plural,)/g) ?? []).sort();
    for (const key of Object.keys(ru) as (keyof typeof ru)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(ru[key]));
    }
  });
});
