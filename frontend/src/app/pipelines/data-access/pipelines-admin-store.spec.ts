import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { dealers } from '../../deals/testing/fixtures';
import { PipelinesAdminStore } from './pipelines-admin-store';

describe('PipelinesAdminStore.removeStage (Deals decides: removed, pending or refused)', () => {
  let http: HttpTestingController;
  let store: InstanceType<typeof PipelinesAdminStore>;
  const stage = dealers.stages[1];
  const url = `/api/pipelines/${dealers.id}/stages/${stage.id}`;

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

  afterEach(() => http.match(() => true).forEach((r) => r.flush([dealers])));

  it('drops a removed stage (204)', async () => {
    const removing = store.removeStage(dealers.id, stage);
    http.expectOne(url).flush(null, { status: 204, statusText: 'No Content' });
    expect(await removing).toBe('removed');
    expect(store.pipelines()[0].stages.map((s) => s.id)).not.toContain(stage.id);
  });

  it('shows a stage Deals has not answered for yet as being removed (202)', async () => {
    const removing = store.removeStage(dealers.id, stage);
    http
      .expectOne(url)
      .flush({ ...stage, removing: true }, { status: 202, statusText: 'Accepted' });
    expect(await removing).toBe('pending');
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
