import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, provideZonelessChangeDetection, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { I18n } from '../../i18n/i18n';
import { TagPicker } from './tag-picker';
import { Tag, tagColourOf } from './tags-api';

const hot: Tag = { id: 't1', name: 'Горячий', colour: 'red' };
const hedgehog: Tag = { id: 't2', name: 'Ёжик', colour: 'teal' };

@Component({
  imports: [TagPicker],
  template: `<app-tag-picker
    [catalog]="{ module: 'deals', kind: 'deal' }"
    [tags]="tags()"
    [disabled]="disabled()"
    (changed)="changes.push($event); tags.set($event)"
  />`,
})
class Host {
  readonly tags = signal<readonly Tag[]>([hot]);
  readonly disabled = signal(false);
  readonly changes: (readonly Tag[])[] = [];
}

/** «Теги» on a card: chips, completion over the catalog, Enter takes a tag by its folded name or creates it. */
describe('TagPicker', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<Host>;
  let root: HTMLElement;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        // The palette's menu opens and closes at once, without animations jsdom never ends.
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    TestBed.inject(I18n).use('ru');
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(Host);
    fixture.detectChanges();
    root = fixture.nativeElement as HTMLElement;
  });

  afterEach(() => http.verify());

  async function until(check: () => void): Promise<void> {
    await vi.waitFor(() => {
      fixture.detectChanges();
      check();
    });
  }

  /** Answers the catalog's search for what is typed (after the field's short pause). */
  async function answer(q: string, tags: Tag[]): Promise<void> {
    let found: ReturnType<HttpTestingController['match']> = [];
    await vi.waitFor(() => {
      found = http.match((r) => r.url === '/api/deals/tags' && (r.params.get('q') ?? '') === q);
      expect(found.length).toBeGreaterThan(0);
    });
    for (const request of found) {
      expect(request.request.params.get('kind')).toBe('deal');
      request.flush(tags);
    }
    fixture.detectChanges();
  }

  function type(text: string): HTMLInputElement {
    const input = root.querySelector<HTMLInputElement>('[data-testid="tag-input"]')!;
    input.value = text;
    input.dispatchEvent(new Event('input'));
    fixture.detectChanges();
    return input;
  }

  const enter = (input: HTMLInputElement) =>
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));

  it('shows the tags as chips and removes one with its ×', async () => {
    await answer('', []);
    expect(root.querySelector('[data-testid="tag-chip"]')?.getAttribute('data-colour')).toBe('red');
    root.querySelector<HTMLButtonElement>('[aria-label="Убрать тег «Горячий»"]')!.click();
    expect(fixture.componentInstance.changes).toEqual([[]]);
  });

  it('takes the catalog’s tag when Enter names it in another case or with «е» for «ё»', async () => {
    await answer('', []);
    const input = type('ЕЖИК');
    await answer('ЕЖИК', [hedgehog]);
    enter(input);
    expect(fixture.componentInstance.changes).toEqual([[hot, hedgehog]]);
    fixture.detectChanges();
    expect(input.value).toBe('');
    await answer('', []);
  });

  it('creates a tag the catalog does not have on Enter and adds it', async () => {
    await answer('', []);
    const input = type('  Новый клиент ');
    await answer('Новый клиент', [hot]);
    enter(input);
    const post = http.expectOne({ method: 'POST', url: '/api/deals/tags' });
    expect(post.request.body).toEqual({ kind: 'deal', name: 'Новый клиент', colour: undefined });
    const created: Tag = { id: 't9', name: 'Новый клиент', colour: 'blue' };
    post.flush(created);
    await until(() => expect(fixture.componentInstance.changes).toEqual([[hot, created]]));
    await answer('', []);
  });

  it('shows a new name as its chip in the colour the name picks, and creates it in the colour chosen', async () => {
    await answer('', []);
    expect(root.querySelector('[data-testid="tag-colour"]')).toBeNull();
    const input = type('VIP');
    await answer('VIP', []);
    const trigger = root.querySelector<HTMLButtonElement>('[data-testid="tag-colour"]')!;
    expect(trigger.getAttribute('aria-label')).toBe('Цвет нового тега «VIP»: Бирюзовый');
    expect(trigger.querySelector('[data-testid="tag-chip"]')?.getAttribute('data-colour')).toBe(
      'teal',
    );

    trigger.click();
    fixture.detectChanges();
    const items = [...document.querySelectorAll<HTMLElement>('[role="menuitemradio"]')];
    expect(items.map((i) => i.querySelector('[data-testid="tag-chip"]')?.textContent)).toEqual([
      'Серый',
      'Красный',
      'Оранжевый',
      'Жёлтый',
      'Зелёный',
      'Бирюзовый',
      'Синий',
      'Индиго',
      'Фиолетовый',
      'Розовый',
    ]);
    expect(items.find((i) => i.getAttribute('aria-checked') === 'true')?.textContent).toContain(
      'Бирюзовый',
    );
    items.find((i) => i.textContent?.includes('Красный'))!.click();
    await until(() =>
      expect(trigger.getAttribute('aria-label')).toBe('Цвет нового тега «VIP»: Красный'),
    );
    expect(document.activeElement).toBe(input);

    enter(input);
    const post = http.expectOne({ method: 'POST', url: '/api/deals/tags' });
    expect(post.request.body).toEqual({ kind: 'deal', name: 'VIP', colour: 'red' });
    post.flush({ id: 't8', name: 'VIP', colour: 'red' });
    await until(() =>
      expect(fixture.componentInstance.changes).toEqual([
        [hot, { id: 't8', name: 'VIP', colour: 'red' }],
      ]),
    );
    // the next new name starts again from its own colour
    await answer('', []);
    type('Ёжик');
    await answer('Ёжик', []);
    expect(
      root
        .querySelector('[data-testid="tag-colour"] [data-testid="tag-chip"]')
        ?.getAttribute('data-colour'),
    ).toBe('indigo');
  });

  it('picks a new tag’s colour by its name as the server does (Tables/Tags.cs, ColourOf)', () => {
    // The same values TagCatalogTests reads from the server for these names.
    expect(tagColourOf('Горячий')).toBe('green');
    expect(tagColourOf('VIP')).toBe('teal');
    expect(tagColourOf('  ЁЖИК ')).toBe('indigo');
    expect(tagColourOf('ежик')).toBe('indigo');
  });

  it('says why a new tag was refused and keeps the record’s tags', async () => {
    await answer('', []);
    const input = type('x');
    await answer('x', []);
    enter(input);
    http
      .expectOne({ method: 'POST', url: '/api/deals/tags' })
      .flush(
        { title: 'Bad', status: 400, errors: { name: ['Такой тег уже есть'] } },
        { status: 400, statusText: 'Bad Request' },
      );
    await until(() =>
      expect(root.querySelector('[role="alert"]')?.textContent).toContain('Теги не сохранены'),
    );
    expect(fixture.componentInstance.changes).toEqual([]);
  });

  it('is read-only when disabled: chips without × and no field', async () => {
    fixture.componentInstance.disabled.set(true);
    fixture.detectChanges();
    await answer('', []);
    expect(root.querySelector('[data-testid="tag-input"]')).toBeNull();
    expect(root.querySelector('.remove')).toBeNull();
    expect(root.textContent).toContain('Горячий');
  });
});
