import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { dealers } from '../../deals/testing/fixtures';
import { Pipeline } from './models';
import { PipelinesAdminStore, REMOVAL_FOLLOW_DELAYS_MS } from './pipelines-admin-store';

describe('PipelinesAdminStore.removeStage (Deals decides: removed, refused, or pending and followed)', () => {
  let http: HttpTestingController;
  let store: InstanceType<typeof PipelinesAdminStore>;
  const stage = dealers.stages[1];
  const url = `/api/pipelines/${dealers.id}/stages/${stage.id}`;
  /** The settings' own read of every pipeline, archived ones included (not the switcher's). */
  const settingsRead = (r: { url: string; params: { get(name: string): string | null } }) =>
    r.url === '/api/pipelines' && r.params.get('includeArchived') === 'true';
  const withStage = (changes: Partial<(typeof dealers.stages)[number]> | null): Pipeline => ({
    ...dealers,
    stages:
      changes === null
        ? dealers.stages.filter((s) => s.id !== stage.id)
        : dealers.stages.map((s) => (s.id === stage.id ? { ...s, ...changes } : s)),
  });
  /** Lets the store's pause run out on the fake clock, waits for its read of the pipelines and answers it. */
  const answerNextRead = async (pipeline: Pipeline) => {
    const read = await vi.waitFor(() => {
      vi.advanceTimersToNextTimer();
      return http.expectOne(settingsRead);
    });
    read.flush([pipeline]);
  };

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        PipelinesAdminStore,
      ],
    });
    http = TestBed.inject(HttpTestingController);
    store = TestBed.inject(PipelinesAdminStore);
    const loading = store.load();
    http.expectOne((r) => r.url === '/api/pipelines').flush([dealers]);
    await loading;
  });

  afterEach(() => {
    vi.useRealTimers();
    http.match(() => true).forEach((r) => r.flush([dealers]));
  });

  it('drops a removed stage (204)', async () => {
    const removing = store.removeStage(dealers.id, stage);
    http.expectOne(url).flush(null, { status: 204, statusText: 'No Content' });
    expect(await removing).toEqual({ outcome: 'removed' });
    expect(store.pipelines()[0].stages.map((s) => s.id)).not.toContain(stage.id);
  });

  it('after a 202 shows the stage as being removed and follows it until Deals removed it', async () => {
    vi.useFakeTimers();
    let removal: unknown = null;
    void store.removeStage(dealers.id, stage).then((r) => (removal = r));
    http
      .expectOne(url)
      .flush({ ...stage, removing: true }, { status: 202, statusText: 'Accepted' });
    await vi.waitFor(() =>
      expect(store.pipelines()[0].stages.find((s) => s.id === stage.id)?.removing).toBe(true),
    );

    // Deals is still behind at the first read, then the stage is gone.
    await answerNextRead(withStage({ removing: true }));
    expect(removal).toBeNull();
    await answerNextRead(withStage(null));
    await vi.waitFor(() => expect(removal).toEqual({ outcome: 'removed' }));
    expect(store.pipelines()[0].stages.map((s) => s.id)).not.toContain(stage.id);
  });

  it('after a 202 shows a refusal with the count of deals once Deals refused', async () => {
    vi.useFakeTimers();
    let removal: unknown = null;
    void store.removeStage(dealers.id, stage).then((r) => (removal = r));
    http
      .expectOne(url)
      .flush({ ...stage, removing: true }, { status: 202, statusText: 'Accepted' });

    await answerNextRead(withStage({ removing: false, refusedDealCount: 3, dealCount: 3 }));
    await vi.waitFor(() => expect(removal).toEqual({ outcome: 'refused', dealCount: 3 }));
    const kept = store.pipelines()[0].stages.find((s) => s.id === stage.id);
    expect(kept).toMatchObject({ removing: false, refusedDealCount: 3 });
  });

  it('after a 202 gives up following after a bounded number of reads, the stage still being removed', async () => {
    vi.useFakeTimers();
    let removal: unknown = null;
    void store.removeStage(dealers.id, stage).then((r) => (removal = r));
    http
      .expectOne(url)
      .flush({ ...stage, removing: true }, { status: 202, statusText: 'Accepted' });

    for (let read = 0; read < REMOVAL_FOLLOW_DELAYS_MS.length; read++) {
      await answerNextRead(withStage({ removing: true }));
    }
    await vi.waitFor(() => expect(removal).toEqual({ outcome: 'pending' }));
    http.expectNone(settingsRead);
    expect(store.pipelines()[0].stages.find((s) => s.id === stage.id)?.removing).toBe(true);
  });

  it('rejects a refusal (409) and reads the list again so the stage shows why it stayed', async () => {
    const removing = store.removeStage(dealers.id, stage);
    http
      .expectOne(url)
      .flush(
        { title: 'Конфликт изменений', detail: 'В этапе ещё есть сделки (2).' },
        { status: 409, statusText: 'Conflict' },
      );
    await expect(removing).rejects.toMatchObject({ status: 409 });
    const refused = {
      ...dealers,
      stages: dealers.stages.map((s) => (s.id === stage.id ? { ...s, refusedDealCount: 2 } : s)),
    };
    http.expectOne((r) => r.url === '/api/pipelines').flush([refused]);
    await vi.waitFor(() =>
      expect(store.pipelines()[0].stages.find((s) => s.id === stage.id)?.refusedDealCount).toBe(2),
    );
  });
});
