import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { changed, inboxRequest, requestPage } from '../testing/fixtures';
import { RequestListStore } from './request-list-store';

describe('RequestListStore («Неразобранное» of a pipeline)', () => {
  let store: InstanceType<typeof RequestListStore>;
  let http: HttpTestingController;
  const ids = () => store.items().map((r) => r.id);

  const list = (after?: string) =>
    http.expectOne(
      (r) =>
        r.url === '/api/inbox/requests' &&
        r.params.get('status') === 'new' &&
        r.params.get('pipelineId') === 'p1' &&
        (after ? r.params.get('after') === after : !r.params.has('after')),
    );

  async function open(page = requestPage([])) {
    const opening = store.open({ status: 'new', pipelineId: 'p1' });
    list().flush(page);
    await opening;
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        RequestListStore,
      ],
    });
    store = TestBed.inject(RequestListStore);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it("reads the pipeline's new requests, newest first, with every one counted", async () => {
    const opening = store.open({ status: 'new', pipelineId: 'p1' });
    expect(store.loading()).toBe(true);
    const request = list();
    expect(request.request.params.get('limit')).toBe('50');
    request.flush(requestPage([inboxRequest('r2'), inboxRequest('r1')], 'c1', 120));
    await opening;
    expect(ids()).toEqual(['r2', 'r1']);
    expect(store.total()).toBe(120);
    expect(store.nextCursor()).toBe('c1');
  });

  it('asks the next page with the cursor and appends it', async () => {
    await open(requestPage([inboxRequest('r3')], 'c1', 2));
    const more = store.loadMore();
    expect(store.loadingMore()).toBe(true);
    list('c1').flush(requestPage([inboxRequest('r1')], null, 2));
    await more;
    expect(ids()).toEqual(['r3', 'r1']);
    expect(store.nextCursor()).toBeNull();
    expect(store.loadingMore()).toBe(false);
  });

  it('puts a new request live at the top and counts it', async () => {
    await open(requestPage([inboxRequest('r1', { receivedAt: '2026-03-02T09:00:00Z' })]));
    store.applyChange(changed(inboxRequest('r2', { receivedAt: '2026-03-02T10:00:00Z' })));
    expect(ids()).toEqual(['r2', 'r1']);
    expect(store.total()).toBe(2);
  });

  it('takes out a request accepted or declined by anyone', async () => {
    await open(requestPage([inboxRequest('r2'), inboxRequest('r1')]));
    store.applyChange(changed(inboxRequest('r1', { status: 'accepted', version: 2 })));
    store.applyChange(changed(inboxRequest('r2', { status: 'declined', version: 2 })));
    expect(ids()).toEqual([]);
    expect(store.total()).toBe(0);
  });

  it('ignores a repeated message and another pipeline', async () => {
    await open(requestPage([inboxRequest('r1')]));
    store.applyChange(changed(inboxRequest('r1')));
    store.applyChange(changed(inboxRequest('x', { pipelineId: 'p2' })));
    expect(ids()).toEqual(['r1']);
    expect(store.total()).toBe(1);
  });

  it('counts out one accepted in a page not loaded yet', async () => {
    await open(requestPage([inboxRequest('r9')], 'c1', 60));
    store.applyChange(changed(inboxRequest('r3', { status: 'accepted', version: 2 })));
    expect(store.total()).toBe(59);
    expect(ids()).toEqual(['r9']);
  });

  it('applies what arrived while the first page was being read, once it is in', async () => {
    const opening = store.open({ status: 'new', pipelineId: 'p1' });
    store.applyChange(changed(inboxRequest('r1', { status: 'accepted', version: 2 })));
    store.applyChange(
      changed(inboxRequest('r3', { receivedAt: '2026-03-02T11:00:00Z', version: 1 })),
    );
    list().flush(requestPage([inboxRequest('r2'), inboxRequest('r1')]));
    await opening;
    expect(ids()).toEqual(['r3', 'r2']);
    expect(store.total()).toBe(2);
  });

  it('takes out a request this user decided, and its echo changes nothing more', async () => {
    await open(requestPage([inboxRequest('r2'), inboxRequest('r1')], 'c1', 10));
    store.remove('r1');
    expect(ids()).toEqual(['r2']);
    expect(store.total()).toBe(9);
    store.applyChange(changed(inboxRequest('r1', { status: 'accepted', version: 2 })));
    expect(store.total()).toBe(9);
  });

  it('brings back a restored request', async () => {
    await open(requestPage([inboxRequest('r1')]));
    store.applyChange(changed(inboxRequest('r1', { status: 'declined', version: 2 })));
    store.applyChange(changed(inboxRequest('r1', { status: 'new', version: 3 })));
    expect(ids()).toEqual(['r1']);
    expect(store.total()).toBe(1);
  });
});

describe('RequestListStore (the Inbox screen: a status, every pipeline)', () => {
  let store: InstanceType<typeof RequestListStore>;
  let http: HttpTestingController;
  const ids = () => store.items().map((r) => r.id);

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        RequestListStore,
      ],
    });
    store = TestBed.inject(RequestListStore);
    http = TestBed.inject(HttpTestingController);
    const opening = store.open({ status: 'declined', pipelineId: null });
    const request = http.expectOne((r) => r.url === '/api/inbox/requests');
    expect(request.request.params.get('status')).toBe('declined');
    expect(request.request.params.has('pipelineId')).toBe(false);
    request.flush(requestPage([inboxRequest('r1', { status: 'declined', version: 2 })]));
    await opening;
  });

  afterEach(() => http.verify());

  it('adds a request declined in any pipeline, and drops one restored', () => {
    store.applyChange(
      changed(
        inboxRequest('r2', {
          pipelineId: 'p2',
          status: 'declined',
          version: 2,
          receivedAt: '2026-03-03T09:00:00Z',
        }),
      ),
    );
    expect(ids()).toEqual(['r2', 'r1']);
    store.applyChange(changed(inboxRequest('r1', { status: 'new', version: 3 })));
    expect(ids()).toEqual(['r2']);
    expect(store.total()).toBe(1);
  });
});
