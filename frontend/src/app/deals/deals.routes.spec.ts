import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import {
  EnvironmentInjector,
  provideZonelessChangeDetection,
  runInInjectionContext,
} from '@angular/core';
import { TestBed } from '@angular/core/testing';
import {
  ActivatedRouteSnapshot,
  RouterStateSnapshot,
  UrlTree,
  provideRouter,
} from '@angular/router';
import { REMEMBERED_PIPELINE_KEY } from '../pipelines';
import { toRememberedPipeline } from './deals.routes';
import { dealers } from './testing/fixtures';

describe('/deals', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  async function visit(pipelines: unknown[]): Promise<string | true> {
    const result = runInInjectionContext(TestBed.inject(EnvironmentInjector), () =>
      toRememberedPipeline({} as ActivatedRouteSnapshot, { url: '/deals' } as RouterStateSnapshot),
    ) as Promise<UrlTree | boolean>;
    http.expectOne((r) => r.url === '/api/pipelines').flush(pipelines);
    const answer = await result;
    return answer instanceof UrlTree ? answer.toString() : (answer as true);
  }

  it('opens the pipeline chosen last on this browser', async () => {
    localStorage.setItem(REMEMBERED_PIPELINE_KEY, 'p2');
    const regulars = { ...dealers, id: 'p2', name: 'Постоянные клиенты', position: 1 };
    expect(await visit([dealers, regulars])).toBe('/deals/pipeline/p2');
  });

  it('opens the first pipeline when none was chosen', async () => {
    expect(await visit([dealers])).toBe('/deals/pipeline/p1');
  });

  it('shows the empty page when there are no pipelines', async () => {
    expect(await visit([])).toBe(true);
  });
});
