import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { firstValueFrom } from 'rxjs';
import { DirectoryApi } from './data-access/directory-api';
import { directoryFieldsSource } from './directory-fields';

describe('custom fields of companies and contacts', () => {
  it("lists only the entity's fields and creates them for that entity", async () => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    const http = TestBed.inject(HttpTestingController);
    const source = directoryFieldsSource(TestBed.inject(DirectoryApi), 'contact');

    const listed = firstValueFrom(source.list());
    const field = (id: string, entity: string) => ({
      id,
      entity,
      name: id,
      type: 'text',
      options: [],
      position: 0,
      version: 1,
    });
    http
      .expectOne('/api/directory/custom-fields')
      .flush([field('a', 'company'), field('b', 'contact')]);
    expect((await listed).map((f) => f.id)).toEqual(['b']);

    const created = firstValueFrom(source.create('День рождения', 'date'));
    const request = http.expectOne({ method: 'POST', url: '/api/directory/custom-fields' });
    expect(request.request.body).toEqual({
      entity: 'contact',
      name: 'День рождения',
      type: 'date',
    });
    request.flush(field('c', 'contact'));
    await created;
    http.verify();
  });
});

describe('Settings → company fields and contact fields (routes of the public entry)', () => {
  for (const [path, entity] of [
    ['company-fields', 'company'],
    ['contact-fields', 'contact'],
  ] as const) {
    it(`${path} opens the custom-fields screen on Directory's ${entity} fields`, async () => {
      TestBed.configureTestingModule({
        providers: [
          provideZonelessChangeDetection(),
          provideHttpClient(),
          provideHttpClientTesting(),
          { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
          provideRouter([
            {
              path: 'company-fields',
              loadChildren: () => import('.').then((m) => m.companyFieldsRoutes),
            },
            {
              path: 'contact-fields',
              loadChildren: () => import('.').then((m) => m.contactFieldsRoutes),
            },
          ]),
        ],
      });
      const http = TestBed.inject(HttpTestingController);
      const harness = await RouterTestingHarness.create();
      await harness.navigateByUrl(`/${path}`);

      http.expectOne('/api/directory/custom-fields').flush([
        {
          id: 'a',
          entity: 'company',
          name: 'ИНН',
          type: 'text',
          options: [],
          position: 0,
          version: 1,
        },
        {
          id: 'b',
          entity: 'contact',
          name: 'Хобби',
          type: 'text',
          options: [],
          position: 0,
          version: 1,
        },
      ]);
      await harness.fixture.whenStable();
      const page = harness.routeNativeElement!;
      const names = [...page.querySelectorAll<HTMLInputElement>('input')].map((i) => i.value);
      expect(page.querySelector('h1')?.textContent).toContain(
        entity === 'company' ? 'Поля компаний' : 'Поля контактов',
      );
      expect(names).toContain(entity === 'company' ? 'ИНН' : 'Хобби');
      expect(names).not.toContain(entity === 'company' ? 'Хобби' : 'ИНН');
      http.verify();
    });
  }
});
