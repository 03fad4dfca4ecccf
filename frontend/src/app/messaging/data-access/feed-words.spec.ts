import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { I18n } from '../../shared/i18n/i18n';
import {
  linkify,
  notificationLink,
  notificationQuote,
  notificationText,
  requestFacts,
  requestOf,
  systemDetail,
  systemText,
} from './feed-words';
import { AppNotification, FeedEntry } from './models';

function entry(type: string, data: Record<string, unknown>): FeedEntry {
  return {
    id: 'e1',
    version: 1,
    subjectKind: 'deal',
    subjectId: 'd1',
    kind: 'system',
    type,
    authorId: 'u1',
    text: null,
    data,
    mentions: null,
    occurredAt: '2026-03-01T10:00:00Z',
    editedAt: null,
    pinnedAt: null,
    pinnedBy: null,
  };
}

function notification(
  kind: AppNotification['kind'],
  data: Record<string, unknown>,
  linkKind: AppNotification['linkKind'] = 'deal',
): AppNotification {
  return {
    id: 'n1',
    kind,
    linkKind,
    linkId: 'x1',
    data,
    createdAt: '2026-03-01T10:00:00Z',
    readAt: null,
  };
}

describe('feed words', () => {
  let i18n: I18n;
  const names = {
    s1: 'Первичный контакт',
    s2: 'Переговоры',
    u1: 'Анна Петрова',
    u2: 'Борис Смирнов',
    c1: 'ООО Ромашка',
    p1: 'Иван Иванов',
  };

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
    i18n = TestBed.inject(I18n);
  });

  it('tells deal events as a manager would say them', () => {
    const say = (type: string, data: Record<string, unknown>) =>
      systemText(entry(type, data), names, i18n);
    expect(say('deal.stageChanged', { fromStageId: 's1', toStageId: 's2' })).toBe(
      'Этап: Первичный контакт → Переговоры',
    );
    expect(
      say('deal.budgetChanged', { from: 100000, fromCurrency: 'RUB', to: 150000, currency: 'RUB' }),
    ).toBe('Бюджет: 100\u00a0000\u00a0₽ → 150\u00a0000\u00a0₽');
    expect(say('deal.budgetChanged', { from: null, to: 5000, currency: 'RUB' })).toBe(
      'Бюджет: — → 5\u00a0000\u00a0₽',
    );
    expect(say('deal.assigned', { fromUserId: 'u1', toUserId: 'u2' })).toBe(
      'Ответственный: Анна Петрова → Борис Смирнов',
    );
    expect(say('deal.lost', { stageId: 's9', reason: 'Дорого' })).toBe('Сделка проиграна: Дорого');
    expect(say('deal.won', { stageId: 's9' })).toBe('Сделка успешно реализована');
    // With the stage it left (the card has no stage history of its own: the feed tells every move).
    expect(say('deal.won', { stageId: 's2', fromStageId: 's1' })).toBe(
      'Сделка успешно реализована. Этап: Первичный контакт → Переговоры',
    );
    expect(say('deal.lost', { stageId: 's2', fromStageId: 's1', reason: 'Дорого' })).toBe(
      'Сделка проиграна: Дорого. Этап: Первичный контакт → Переговоры',
    );
    expect(say('deal.lost', { stageId: 's2', fromStageId: 's1', reason: '' })).toBe(
      'Сделка проиграна. Этап: Первичный контакт → Переговоры',
    );
    expect(say('deal.won', { stageId: 's9', fromStageId: null })).toBe(
      'Сделка успешно реализована',
    );
    expect(say('deal.companyLinked', { companyId: 'c1' })).toBe('Привязана компания ООО Ромашка');
    expect(say('deal.contactsLinked', { contactIds: ['p1'] })).toBe(
      'Привязаны контакты: Иван Иванов',
    );
    expect(say('deal.renamed', { from: 'Кресла', to: 'Кресла 20 шт' })).toBe(
      'Название: Кресла → Кресла 20 шт',
    );
  });

  it('tells tasks and accepted requests with the client’s data', () => {
    expect(
      systemText(
        entry('task.completed', { text: 'Позвонить', result: 'Договорились о встрече' }),
        names,
        i18n,
      ),
    ).toBe('Задача «Позвонить» выполнена: Договорились о встрече');
    const accepted = entry('request.accepted', {
      source: 'form',
      contactName: 'Пётр',
      companyName: 'ООО Лето',
      phones: ['+7 900 000-00-00'],
      emails: ['p@leto.ru'],
      subject: 'Кресла',
      message: 'Нужно 20 шт\nСрочно',
    });
    expect(systemText(accepted, names, i18n)).toBe('Принята заявка с сайта: Пётр, ООО Лето');
    expect(systemDetail(accepted)).toBe('Нужно 20 шт\nСрочно');
    expect(systemText(entry('something.new', {}), names, i18n)).toBe('Событие: something.new');
  });

  it('lists everything the client sent under an accepted request, phones and e-mails as links', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T12:00:00Z'));
    const accepted = entry('request.accepted', {
      requestId: 'r1',
      source: 'mail',
      receivedAt: '2026-03-01T09:30:00Z',
      contactName: 'Пётр',
      phones: ['+79000000000', '+73432123456'],
      emails: ['p@leto.ru'],
      companyName: null,
      subject: 'Кресла',
      message: 'Нужно 20 шт',
      region: 'Свердловская обл',
    });
    const facts = requestFacts(accepted, i18n).map((f) => [
      i18n.t(f.label),
      f.values.map((v) => (v.href ? `${v.text} → ${v.href}` : v.text)),
    ]);
    expect(facts).toEqual([
      ['Источник', ['Почта']],
      ['Получена', ['сегодня 12:30']],
      ['Контакт', ['Пётр']],
      ['Телефоны', ['+79000000000 → tel:+79000000000', '+73432123456 → tel:+73432123456']],
      ['E-mail', ['p@leto.ru → mailto:p@leto.ru']],
      ['Тема', ['Кресла']],
      ['Регион', ['Свердловская обл']],
    ]);
    expect(requestOf(accepted)).toBe('r1');
    const replied = entry('request.replied', {
      requestId: 'r1',
      fromName: 'Пётр',
      fromAddress: 'p@leto.ru',
      subject: 'Re: Кресла',
      attachments: [{ fileName: 'КП.pdf', size: 2048 }],
    });
    expect(requestFacts(replied, i18n).map((f) => f.values.map((v) => v.text))).toEqual([
      ['Пётр <p@leto.ru>'],
      ['Re: Кресла'],
      ['КП.pdf (2 кБ)'],
    ]);
    expect(requestOf(entry('deal.won', {}))).toBeNull();
    expect(requestFacts(entry('deal.won', {}), i18n)).toEqual([]);
    vi.useRealTimers();
  });

  it('says when a reminded task is due, as the task lists do', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T09:00:00Z'));
    expect(
      notificationQuote(
        notification('taskReminder', { text: 'Позвонить', dueAt: '2026-03-01T12:30:00Z' }),
        i18n,
      ),
    ).toBe('Срок: сегодня 15:30');
    expect(
      notificationQuote(
        notification('taskOverdue', { dueAt: '2026-03-02T20:59:59Z', allDay: true }),
        i18n,
      ),
    ).toBe('Срок: завтра весь день');
    expect(notificationQuote(notification('mention', { text: 'Глянь' }), i18n)).toBe('Глянь');
    vi.useRealTimers();
  });

  it('words notifications and says where they lead', () => {
    expect(
      notificationText(
        notification('mention', { authorName: 'Ольга', subjectName: 'Кресла' }),
        i18n,
      ),
    ).toBe('Ольга упомянул(а) вас в сделке «Кресла»');
    expect(notificationText(notification('dealAssigned', { dealName: 'Кресла' }), i18n)).toBe(
      'Вам передана сделка «Кресла»',
    );
    expect(
      notificationText(
        notification('taskReminder', { text: 'Позвонить', subjectName: 'Кресла' }),
        i18n,
      ),
    ).toBe('Напоминание: Позвонить — Кресла');
    expect(notificationText(notification('taskOverdue', { text: 'Позвонить' }), i18n)).toBe(
      'Просрочена задача «Позвонить»',
    );
    expect(
      notificationText(
        notification('chatMessage', { authorName: 'Ольга', channelName: null }),
        i18n,
      ),
    ).toBe('Новое сообщение от Ольга');
    expect(notificationLink(notification('mention', {}))).toEqual({ path: ['/deals', 'x1'] });
    expect(notificationLink(notification('mention', {}, 'company'))).toEqual({
      path: ['/lists/companies', 'x1'],
    });
    expect(notificationLink(notification('mention', {}, 'contact'))).toEqual({
      path: ['/lists/contacts', 'x1'],
    });
    expect(
      notificationText(
        notification('inboxRequest', { contactName: 'Пётр', companyName: 'ООО Лето' }, 'request'),
        i18n,
      ),
    ).toBe('Новая заявка: Пётр, ООО Лето');
    expect(notificationLink(notification('inboxRequest', {}, 'request'))).toEqual({
      path: ['/inbox'],
      query: { request: 'x1' },
    });
    expect(notificationLink(notification('chatMessage', {}, 'channel'))).toEqual({
      path: ['/chat'],
      query: { channel: 'x1' },
    });
  });

  it('cuts http(s) links out of a text, leaving the rest as text', () => {
    expect(
      linkify('Цена 5000\nсм. https://example.ru/a?b=1. и <b>x</b> javascript:alert(1)'),
    ).toEqual([
      { text: 'Цена 5000\nсм. ' },
      { text: 'https://example.ru/a?b=1', href: 'https://example.ru/a?b=1' },
      { text: '. и <b>x</b> javascript:alert(1)' },
    ]);
    expect(linkify('')).toEqual([]);
  });
});
