import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { me, signedInAs } from '../../identity/testing/session';
import { RequestCards } from '../../inbox';
import { CrmHub } from '../../shared/realtime/crm-hub';
import { FakeCrmHub, provideFakeCrmHub } from '../../shared/realtime/fake-crm-hub';
import { settle } from '../../shared/testing/settle';
import { FeedEntry, FeedPage } from '../data-access/models';
import { Feed } from './feed';

const users = [
  {
    id: 'u1',
    email: 'a@crm.local',
    displayName: 'Анна Петрова',
    role: 'Manager',
    isActive: true,
    createdAt: '2026-01-01T00:00:00Z',
    version: 1,
  },
  {
    id: 'u2',
    email: 'b@crm.local',
    displayName: 'Борис Смирнов',
    role: 'Manager',
    isActive: true,
    createdAt: '2026-01-01T00:00:00Z',
    version: 1,
  },
  {
    id: 'u3',
    email: 'o@crm.local',
    displayName: 'Ольга Белова',
    role: 'Manager',
    isActive: false,
    createdAt: '2026-01-01T00:00:00Z',
    version: 1,
  },
];

function e(id: string, overrides: Partial<FeedEntry> = {}): FeedEntry {
  return {
    id,
    version: 1,
    subjectKind: 'deal',
    subjectId: 'd1',
    kind: 'note',
    type: 'note',
    authorId: 'u1',
    text: `Текст ${id}`,
    data: null,
    mentions: null,
    occurredAt: '2026-03-01T10:00:00Z',
    editedAt: null,
    pinnedAt: null,
    pinnedBy: null,
    ...overrides,
  };
}

function page(items: FeedEntry[], overrides: Partial<FeedPage> = {}): FeedPage {
  return {
    items,
    nextCursor: null,
    pinned: [],
    names: { u1: 'Анна Петрова', u2: 'Борис Смирнов', s1: 'Первичный контакт', s2: 'Переговоры' },
    ...overrides,
  };
}

describe('Feed', () => {
  let fixture: ComponentFixture<Feed>;
  let http: HttpTestingController;
  let hub: FakeCrmHub;
  let element: HTMLElement;

  const feedRequest = (filter?: string, after?: string) =>
    http.expectOne(
      (r) =>
        r.method === 'GET' &&
        r.url === '/api/messaging/feed/deal/d1' &&
        r.params.get('filter') === (filter ?? null) &&
        r.params.get('after') === (after ?? null),
    );

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [Feed],
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideFakeCrmHub(),
        signedInAs(me('u1', 'Manager')),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    hub = TestBed.inject(CrmHub) as unknown as FakeCrmHub;
    fixture = TestBed.createComponent(Feed);
    fixture.componentRef.setInput('kind', 'deal');
    fixture.componentRef.setInput('id', 'd1');
    element = fixture.nativeElement;
    await fixture.whenStable();
    http.expectOne('/api/identity/users').flush(users);
  });

  afterEach(() => http.verify());

  const texts = () =>
    [...element.querySelectorAll('.entries:not(.pinned-list) .entry-text')].map((x) =>
      x.textContent?.trim(),
    );

  it('shows entries newest first, system ones in words, pinned on top, and pages with «Показать ещё»', async () => {
    feedRequest().flush(
      page(
        [
          e('e3', {
            kind: 'system',
            type: 'deal.stageChanged',
            data: { fromStageId: 's1', toStageId: 's2' },
          }),
          e('e2'),
          e('e1', { pinnedAt: '2026-03-02T10:00:00Z', pinnedBy: 'u1' }),
        ],
        {
          nextCursor: 'c1',
          pinned: [e('e1', { pinnedAt: '2026-03-02T10:00:00Z', pinnedBy: 'u1' })],
        },
      ),
    );
    await settle(fixture);
    expect(element.querySelector('.pinned-list')?.textContent).toContain('Текст e1');
    expect(texts()).toEqual(['Этап: Первичный контакт → Переговоры', 'Текст e2']);

    const more = [...element.querySelectorAll('button')].find((b) =>
      b.textContent?.includes('Показать ещё'),
    )!;
    more.click();
    feedRequest(undefined, 'c1').flush(page([e('e0', { text: 'Самое старое' })]));
    await settle(fixture);
    expect(texts()).toEqual(['Этап: Первичный контакт → Переговоры', 'Текст e2', 'Самое старое']);
    expect(element.textContent).not.toContain('Показать ещё');
  });

  it('shows texts as text, keeping line breaks, with only http(s) links clickable', async () => {
    feedRequest().flush(
      page([
        e('e1', {
          text: '<img src=x onerror=alert(1)>\nhttps://example.ru/x и javascript:alert(1)',
        }),
      ]),
    );
    await settle(fixture);
    const text = element.querySelector('.entry-text')!;
    expect(text.querySelector('img')).toBeNull();
    expect(text.textContent).toBe(
      '<img src=x onerror=alert(1)>\nhttps://example.ru/x и javascript:alert(1)',
    );
    const links = [...text.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.ru/x']);
    expect(links[0].getAttribute('rel')).toContain('noopener');
  });

  it('lists what the client sent under an accepted request, and «Заявка» opens its card', async () => {
    const open = vi.spyOn(TestBed.inject(RequestCards), 'open').mockResolvedValue(undefined);
    feedRequest().flush(
      page([
        e('e1', {
          kind: 'system',
          type: 'request.accepted',
          authorId: 'u1',
          data: {
            requestId: 'r1',
            source: 'form',
            receivedAt: '2026-03-01T09:00:00Z',
            contactName: 'Пётр <b>Лето</b>',
            phones: ['+79000000000'],
            emails: ['p@leto.ru'],
            companyName: 'ООО Лето',
            subject: 'Кресла',
            message: 'Нужно 20 шт\nСрочно',
            region: 'Свердловская обл',
          },
        }),
      ]),
    );
    await settle(fixture);
    const facts = element.querySelector('[data-testid="request-facts"]')!;
    expect(facts.textContent).toContain('Форма на сайте');
    expect(facts.textContent).toContain('Пётр <b>Лето</b>');
    expect(facts.querySelector('b')).toBeNull();
    expect(facts.textContent).toContain('ООО Лето');
    expect(facts.textContent).toContain('Кресла');
    expect(facts.textContent).toContain('Свердловская обл');
    expect([...facts.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([
      'tel:+79000000000',
      'mailto:p@leto.ru',
    ]);
    expect(element.querySelector('.entry-detail')?.textContent).toBe('Нужно 20 шт\nСрочно');

    const button = [...element.querySelectorAll('button')].find((b) =>
      b.textContent?.trim().endsWith('Заявка'),
    )!;
    button.click();
    expect(open).toHaveBeenCalledWith('r1');
  });

  it('filters: «Примечания» asks filter=notes', async () => {
    feedRequest().flush(page([e('e1')]));
    await settle(fixture);
    const notes = [...element.querySelectorAll('.filter button')].find(
      (b) => b.textContent?.trim() === 'Примечания',
    ) as HTMLButtonElement;
    notes.click();
    feedRequest('notes').flush(page([e('e1')]));
    await settle(fixture);
    expect(texts()).toEqual(['Текст e1']);
  });

  it('writes a message to a colleague picked after @, and refuses a message without one', async () => {
    feedRequest().flush(page([]));
    await settle(fixture);
    expect(element.textContent).toContain('В ленте пока ничего нет');
    const box = element.querySelector<HTMLTextAreaElement>('[data-testid="feed-composer"]')!;

    // A message to nobody is refused in place.
    const messageMode = [...element.querySelectorAll('.mode button')].find(
      (b) => b.textContent?.trim() === 'Сообщение',
    ) as HTMLButtonElement;
    messageMode.click();
    box.value = 'Посмотри';
    box.dispatchEvent(new Event('input'));
    await settle(fixture);
    send();
    await settle(fixture);
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('Выберите, кому');

    box.value = 'Посмотри @бор';
    box.setSelectionRange(box.value.length, box.value.length);
    box.dispatchEvent(new Event('input'));
    await settle(fixture);
    const options = [...element.querySelectorAll('.picker [role="option"]')];
    // Active colleagues only, never oneself.
    expect(options.map((o) => o.textContent?.trim())).toEqual(['Борис Смирнов']);
    (options[0] as HTMLElement).click();
    await settle(fixture);
    expect(box.value).toBe('Посмотри @Борис Смирнов ');
    send();
    const post = http.expectOne({ method: 'POST', url: '/api/messaging/feed/deal/d1' });
    expect(post.request.body).toEqual({
      type: 'message',
      text: 'Посмотри @Борис Смирнов',
      mentions: ['u2'],
    });
    post.flush(
      e('e9', {
        kind: 'message',
        type: 'message',
        text: 'Посмотри @Борис Смирнов',
        mentions: ['u2'],
      }),
    );
    await settle(fixture);
    feedRequest().flush(
      page([
        e('e9', {
          kind: 'message',
          type: 'message',
          text: 'Посмотри @Борис Смирнов',
          mentions: ['u2'],
        }),
      ]),
    );
    await settle(fixture);
    expect(element.querySelector('.entry-to')?.textContent).toContain('Кому: Борис Смирнов');
    expect(box.value).toBe('');
  });

  it('writes a note without mentions', async () => {
    feedRequest().flush(page([]));
    await settle(fixture);
    const box = element.querySelector<HTMLTextAreaElement>('[data-testid="feed-composer"]')!;
    box.value = '  Цена 5000  ';
    box.dispatchEvent(new Event('input'));
    await settle(fixture);
    send();
    const post = http.expectOne({ method: 'POST', url: '/api/messaging/feed/deal/d1' });
    expect(post.request.body).toEqual({ type: 'note', text: 'Цена 5000' });
    post.flush(e('e9'));
    await settle(fixture);
    feedRequest().flush(page([e('e9')]));
    await settle(fixture);
  });

  it('offers edit and delete only on one’s own entries, pin on every note', async () => {
    feedRequest().flush(page([e('mine'), e('theirs', { authorId: 'u2' })]));
    await settle(fixture);
    const menus = element.querySelectorAll<HTMLButtonElement>('.entry-menu');
    expect(menus.length).toBe(2);
    menus[1].click();
    await settle(fixture);
    let items = [...document.querySelectorAll('.mat-mdc-menu-panel button')].map((b) =>
      b.textContent?.trim(),
    );
    expect(items).toEqual(['push_pinЗакрепить']);
    (document.querySelector('.mat-mdc-menu-panel button') as HTMLButtonElement).click();
    const pin = http.expectOne({ method: 'POST', url: '/api/messaging/feed/entries/theirs/pin' });
    expect(pin.request.body).toEqual({ pinned: true });
    pin.flush(e('theirs', { authorId: 'u2', pinnedAt: '2026-03-02T10:00:00Z' }));
    await settle(fixture);
    feedRequest().flush(page([e('mine')]));
    await settle(fixture);

    element.querySelector<HTMLButtonElement>('.entry-menu')!.click();
    await settle(fixture);
    items = [...document.querySelectorAll('.mat-mdc-menu-panel button')].map((b) =>
      b.textContent?.trim(),
    );
    expect(items).toEqual(['push_pinЗакрепить', 'editИзменить', 'deleteУдалить']);
    (document.querySelectorAll('.mat-mdc-menu-panel button')[1] as HTMLButtonElement).click();
    await settle(fixture);
    const edit = element.querySelector<HTMLTextAreaElement>('.edit-box')!;
    edit.value = 'Новый текст';
    edit.dispatchEvent(new Event('input'));
    await settle(fixture);
    [...element.querySelectorAll('button')]
      .find((b) => b.textContent?.trim() === 'Сохранить')!
      .click();
    const put = http.expectOne({ method: 'PUT', url: '/api/messaging/feed/entries/mine' });
    expect(put.request.body).toEqual({ text: 'Новый текст', version: 1 });
    put.flush(e('mine', { text: 'Новый текст', version: 2, editedAt: '2026-03-02T10:00:00Z' }));
    await settle(fixture);
    feedRequest().flush(
      page([e('mine', { text: 'Новый текст', version: 2, editedAt: '2026-03-02T10:00:00Z' })]),
    );
    await settle(fixture);
    expect(element.querySelector('.entry-meta')?.textContent).toContain('изменено');
  });

  it('watches feed:deal:{id} while open and reads the first page again on feedChanged', async () => {
    feedRequest().flush(page([e('e1')]));
    await settle(fixture);
    expect(hub.topics.get('feed:deal:d1')).toBe(1);

    hub.emit('feedChanged', { kind: 'deal', id: 'other' });
    http.expectNone((r) => r.url.startsWith('/api/messaging/feed'));
    hub.emit('feedChanged', { kind: 'deal', id: 'd1' });
    feedRequest().flush(page([e('e2', { text: 'Новое' }), e('e1')]));
    await settle(fixture);
    expect(texts()).toEqual(['Новое', 'Текст e1']);

    fixture.destroy();
    expect(hub.topics.has('feed:deal:d1')).toBe(false);
  });

  function send(): void {
    [...element.querySelectorAll<HTMLButtonElement>('.composer-actions button')][0].click();
  }
});
