import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Subject } from 'rxjs';
import { I18n } from '../../shared/i18n/i18n';
import { CrmHub } from '../../shared/realtime/crm-hub';
import { FakeCrmHub, provideFakeCrmHub } from '../../shared/realtime/fake-crm-hub';
import { RequestArrived } from '../data-access/models';
import { RequestCards } from '../request-card/request-cards';
import { RequestNotices } from './request-notices';

describe('RequestNotices (a toast for a new request)', () => {
  let hub: FakeCrmHub;
  let shown: { text: string; action: string }[];
  let action: Subject<void>;
  let opened: string[];
  let stop: () => void;

  const arrived = (overrides: Partial<RequestArrived> = {}): RequestArrived => ({
    pipelineId: 'p1',
    requestId: 'r1',
    contactName: 'Иван Петров',
    subject: 'Кресла в офис',
    region: 'Свердловская обл',
    inYourRegion: true,
    ...overrides,
  });

  beforeEach(() => {
    shown = [];
    opened = [];
    action = new Subject<void>();
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideFakeCrmHub(),
        {
          provide: MatSnackBar,
          useValue: {
            open: (text: string, act: string) => {
              shown.push({ text, action: act });
              return { onAction: () => action };
            },
          },
        },
        {
          provide: RequestCards,
          useValue: { open: (id: string) => (opened.push(id), Promise.resolve(undefined)) },
        },
      ],
    });
    hub = TestBed.inject(CrmHub) as unknown as FakeCrmHub;
    stop = TestBed.inject(RequestNotices).start();
  });

  afterEach(() => stop());

  it('says a request came in the user’s region, and «Открыть» opens its card', () => {
    hub.emit('requestArrived', arrived());
    expect(shown).toEqual([
      {
        text: 'Новая заявка в вашем регионе (Свердловская обл): Иван Петров — Кресла в офис',
        action: 'Открыть',
      },
    ]);
    action.next();
    expect(opened).toEqual(['r1']);
  });

  it('told to everyone when nobody covers the region, or it has none', () => {
    hub.emit('requestArrived', arrived({ inYourRegion: false }));
    hub.emit('requestArrived', arrived({ region: null, inYourRegion: false, subject: null }));
    expect(shown.map((s) => s.text)).toEqual([
      'Новая заявка (Свердловская обл): Иван Петров — Кресла в офис',
      'Новая заявка: Иван Петров',
    ]);
  });

  it('speaks English when the user does', () => {
    TestBed.inject(I18n).use('en');
    hub.emit('requestArrived', arrived({ contactName: '', subject: null }));
    expect(shown[0]).toEqual({
      text: 'A new request in your region (Свердловская обл): No name',
      action: 'Open',
    });
  });

  it('stops with the shell', () => {
    stop();
    hub.emit('requestArrived', arrived());
    expect(shown).toEqual([]);
  });
});
