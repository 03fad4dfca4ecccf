import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { dealers } from '../../deals/testing/fixtures';
import { Pipeline } from './models';
import { PipelinesStore, REMEMBERED_PIPELINE_KEY } from './pipelines-store';

const regulars: Pipeline = { ...dealers, id: 'p2', name: 'Постоянные клиенты', position: 1 };
const todo: Pipeline = { ...dealers, id: 'p3', name: 'To-Do', kind: 'todo', position: 2 };
const old: Pipeline = { ...dealers, id: 'p4', name: 'Старая', position: 3, archived: true };

describe("PipelinesStore (the switcher's list and the remembered pipeline)", () => {
  let http: HttpTestingController;

  function create(): InstanceType<typeof PipelinesStore> {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    return TestBed.inject(PipelinesStore);
  }

  async function load(store: InstanceType<typeof PipelinesStore>) {
    const loading = store.ensureLoaded();
    const request = http.expectOne((r) => r.url === '/api/pipelines');
    expect(request.request.params.get('includeArchived')).toBe('false');
    request.flush([todo, regulars, dealers, old]);
    await loading;
  }

  beforeEach(() => localStorage.clear());
  afterEach(() => http.verify());

  it('lists active pipelines by position and opens the first when nothing is remembered', async () => {
    const store = create();
    await load(store);

    expect(store.pipelines().map((p) => p.name)).toEqual([
      'Новые дилеры',
      'Постоянные клиенты',
      'To-Do',
    ]);
    expect(store.defaultPipeline()?.id).toBe('p1');
  });

  it('remembers the chosen pipeline in this browser for the next visit', async () => {
    const store = create();
    await load(store);

    store.remember('p3');
    expect(localStorage.getItem(REMEMBERED_PIPELINE_KEY)).toBe('p3');
    expect(store.defaultPipeline()?.id).toBe('p3');
  });

  it('starts from what was remembered before, unless it was archived since', async () => {
    localStorage.setItem(REMEMBERED_PIPELINE_KEY, 'p2');
    const store = create();
    await load(store);
    expect(store.defaultPipeline()?.id).toBe('p2');

    store.remember('p4');
    expect(store.defaultPipeline()?.id).toBe('p1');
  });

  it('asks the server once', async () => {
    const store = create();
    await load(store);
    await store.ensureLoaded();
    http.expectNone('/api/pipelines');
  });
});
