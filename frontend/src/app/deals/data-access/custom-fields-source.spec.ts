import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { DirectoryApi } from '../../directory/data-access/directory-api';
import { directoryFieldsSource } from './custom-fields-source';

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
