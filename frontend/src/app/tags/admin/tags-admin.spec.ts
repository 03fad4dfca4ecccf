import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatSnackBar } from '@angular/material/snack-bar';
import { provideRouter } from '@angular/router';
import { I18n } from '../../shared/i18n/i18n';
import { CountedTag } from '../../shared/ui/tags/tags-api';
import { TagsAdmin } from './tags-admin';

const hot: CountedTag = { id: 't-hot', name: 'Горячий', colour: 'red', records: 12 };
const vip: CountedTag = { id: 't-vip', name: 'VIP', colour: 'teal', records: 0 };
const dealer: CountedTag = { id: 't-dealer', name: 'Дилер', colour: 'blue', records: 21 };

describe('TagsAdmin (Settings → «Теги»)', () => {
  let fixture: ComponentFixture<TagsAdmin>;
  let http: HttpTestingController;
  let element: HTMLElement;
  let told: string[];

  /** Lets the answers land; only once no read is waiting for one (a loading list keeps the app unstable). */
  async function settle(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve));
      await fixture.whenStable();
    }
  }

  /** Answers the catalog's list of a kind (and the search, if any), asked with each tag's count of records. */
  async function answer(url: string, kind: string, tags: CountedTag[], q: string | null = null) {
    let found: ReturnType<HttpTestingController['match']> = [];
    await vi.waitFor(() => {
      found = http.match(
        (r) =>
          r.method === 'GET' &&
          r.url === url &&
          r.params.get('kind') === kind &&
          r.params.get('q') === q,
      );
      expect(found.length).toBe(1);
    });
    expect(String(found[0].request.params.get('limit'))).toBe('500');
    expect(String(found[0].request.params.get('counts'))).toBe('true');
    found[0].flush(tags);
    await settle();
  }

  const rows = () =>
    [...element.querySelectorAll('[data-testid=tag-row]')].map((row) => ({
      name: row.querySelector<HTMLInputElement>('input.inline-name')!.value,
      chip: row.querySelector('[data-testid=tag-chip]')!.textContent,
      colour: row.querySelector('[data-testid=tag-chip]')!.getAttribute('data-colour'),
    }));
  const nameOf = (i: number) =>
    element.querySelectorAll<HTMLInputElement>('[data-testid=tag-row] input.inline-name')[i];
  const confirmDialog = async (answerWith: 'Удалить' | 'Отмена') => {
    const dialog = document.querySelector('mat-dialog-container')!;
    const text = dialog.textContent ?? '';
    [...dialog.querySelectorAll<HTMLButtonElement>('button')]
      .find((b) => b.textContent?.trim() === answerWith)!
      .click();
    await settle();
    return text;
  };

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [TagsAdmin],
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        // Menus and the confirm dialog close at once, without animations jsdom never ends.
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    TestBed.inject(I18n).use('ru');
    http = TestBed.inject(HttpTestingController);
    told = [];
    vi.spyOn(TestBed.inject(MatSnackBar), 'open').mockImplementation((message: string) => {
      told.push(message);
      return undefined as never;
    });
    fixture = TestBed.createComponent(TagsAdmin);
    element = fixture.nativeElement;
    // Not whenStable: the list's read is a pending task until the test answers it.
    fixture.detectChanges();
    await answer('/api/deals/tags', 'deal', [vip, hot]);
  });

  afterEach(() => http.verify());

  it('lists the deals’ tags, each as its chip, and the companies’ and contacts’ on the switch', async () => {
    expect(rows()).toEqual([
      { name: 'VIP', chip: 'VIP', colour: 'teal' },
      { name: 'Горячий', chip: 'Горячий', colour: 'red' },
    ]);
    const toggle = (label: string) =>
      [...element.querySelectorAll<HTMLButtonElement>('mat-button-toggle button')].find(
        (b) => b.textContent?.trim() === label,
      )!;
    expect(toggle('Сделки').getAttribute('aria-checked')).toBe('true');

    toggle('Компании').click();
    await answer('/api/directory/tags', 'company', [dealer]);
    expect(rows()).toEqual([{ name: 'Дилер', chip: 'Дилер', colour: 'blue' }]);
    element.querySelector<HTMLButtonElement>('[aria-label="Удалить тег «Дилер»"]')!.click();
    await settle();
    expect(await confirmDialog('Отмена')).toContain('Тег «Дилер» будет снят с 21 компании.');

    toggle('Контакты').click();
    await answer('/api/directory/tags', 'contact', []);
    expect(rows()).toEqual([]);
    expect(element.querySelector('.rows')?.textContent).toContain(
      'Тегов контактов пока нет: их добавляют в карточке контакта',
    );
  });

  it('finds tags by what is typed, after a pause', async () => {
    const find = element.querySelector<HTMLInputElement>('[data-testid=tags-admin-find]')!;
    find.value = 'гор';
    find.dispatchEvent(new Event('input'));
    let search: ReturnType<HttpTestingController['expectOne']> | undefined;
    await vi.waitFor(() => {
      search = http.expectOne((r) => r.url === '/api/deals/tags' && r.params.get('q') === 'гор');
    });
    // while it is read, the rows stay (a name being edited is not thrown away)
    fixture.detectChanges();
    expect(rows().map((r) => r.name)).toEqual(['VIP', 'Горячий']);
    search!.flush([hot]);
    await settle();
    expect(rows().map((r) => r.name)).toEqual(['Горячий']);
  });

  it('renames in place with the tag’s colour; a taken name puts the old one back with the message', async () => {
    const name = nameOf(1);
    name.value = ' Тёплый ';
    name.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    name.dispatchEvent(new Event('blur'));
    const put = http.expectOne({ method: 'PUT', url: '/api/deals/tags/t-hot' });
    expect(put.request.body).toEqual({ name: 'Тёплый', colour: 'red' });
    // the answer is a tag without a count, as the server gives it
    put.flush({ id: hot.id, name: 'Тёплый', colour: hot.colour });
    await settle();
    expect(rows()[1]).toEqual({ name: 'Тёплый', chip: 'Тёплый', colour: 'red' });
    expect(told).toEqual(['Тег «Тёплый» сохранён']);

    const other = nameOf(0);
    other.value = 'тёплый';
    other.dispatchEvent(new Event('blur'));
    http
      .expectOne({ method: 'PUT', url: '/api/deals/tags/t-vip' })
      .flush(
        { title: 'Ошибка проверки', status: 400, errors: { name: ['Такой тег уже есть'] } },
        { status: 400, statusText: 'Bad Request' },
      );
    await settle();
    expect(other.value).toBe('VIP');
    expect(told[1]).toBe('Такой тег уже есть');

    // the renamed row keeps its count
    element.querySelector<HTMLButtonElement>('[aria-label="Удалить тег «Тёплый»"]')!.click();
    await settle();
    expect(await confirmDialog('Отмена')).toContain('Тег «Тёплый» будет снят с 12 сделок.');

    // an emptied name asks nothing and puts the old one back
    other.value = '';
    other.dispatchEvent(new Event('blur'));
    expect(other.value).toBe('VIP');
  });

  it('recolours from the chip’s palette, keeping the name', async () => {
    const trigger = element.querySelectorAll<HTMLButtonElement>('[data-testid=tag-colour]')[1];
    expect(trigger.getAttribute('aria-label')).toBe('Цвет тега «Горячий»: Красный');
    trigger.click();
    await settle();
    [...document.querySelectorAll<HTMLElement>('[role=menuitemradio]')]
      .find((i) => i.textContent?.includes('Синий'))!
      .click();
    const put = http.expectOne({ method: 'PUT', url: '/api/deals/tags/t-hot' });
    expect(put.request.body).toEqual({ name: 'Горячий', colour: 'blue' });
    put.flush({ ...hot, colour: 'blue' });
    await settle();
    expect(rows()[1].colour).toBe('blue');
    expect(trigger.getAttribute('aria-label')).toBe('Цвет тега «Горячий»: Синий');
  });

  it('deletes a tag after saying how many records of its kind it leaves', async () => {
    element.querySelector<HTMLButtonElement>('[aria-label="Удалить тег «Горячий»"]')!.click();
    await settle();
    expect(await confirmDialog('Отмена')).toContain('Тег «Горячий» будет снят с 12 сделок.');
    expect(rows().length).toBe(2);
    element.querySelector<HTMLButtonElement>('[aria-label="Удалить тег «VIP»"]')!.click();
    await settle();
    expect(await confirmDialog('Отмена')).toContain('Тега «VIP» нет ни у одной сделки.');

    element.querySelector<HTMLButtonElement>('[aria-label="Удалить тег «Горячий»"]')!.click();
    await settle();
    await confirmDialog('Удалить');
    http.expectOne({ method: 'DELETE', url: '/api/deals/tags/t-hot' }).flush(null);
    await settle();
    expect(rows().map((r) => r.name)).toEqual(['VIP']);
    expect(told).toEqual(['Тег «Горячий» удалён']);
  });

  it('says when the tags could not be read, and reads them again', async () => {
    [...element.querySelectorAll<HTMLButtonElement>('mat-button-toggle button')]
      .find((b) => b.textContent?.trim() === 'Компании')!
      .click();
    await vi.waitFor(() =>
      http
        .expectOne((r) => r.url === '/api/directory/tags' && r.params.get('kind') === 'company')
        .flush(null, { status: 500, statusText: 'Server Error' }),
    );
    await settle();
    const alert = element.querySelector('[role=alert]')!;
    expect(alert.textContent).toContain('Не удалось загрузить теги');
    alert.querySelector('button')!.click();
    await answer('/api/directory/tags', 'company', [dealer]);
    expect(element.querySelector('[role=alert]')).toBeNull();
    expect(rows().map((r) => r.name)).toEqual(['Дилер']);
  });
});
