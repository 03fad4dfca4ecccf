import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { User } from './models';
import { PeopleStore } from './people-store';

const user = (id: string, displayName: string, isActive: boolean): User => ({
  id,
  email: `${id}@crm.local`,
  displayName,
  role: 'Manager',
  isActive,
  createdAt: '2026-01-01T00:00:00Z',
  version: 1,
});

describe('PeopleStore', () => {
  it('offers active users and tells a deactivated responsible apart from an unknown id', async () => {
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting()],
    });
    const store = TestBed.inject(PeopleStore);
    const http = TestBed.inject(HttpTestingController);

    const loading = store.ensureLoaded();
    http.expectOne('/api/identity/users').flush([user('a', 'Анна', true), user('b', 'Борис', false)]);
    await loading;

    expect(store.active().map((u) => u.id)).toEqual(['a']);
    expect(store.deactivated('b')?.displayName).toBe('Борис');
    expect(store.deactivated('a')).toBeNull();
    expect(store.deactivated('nobody')).toBeNull();
    expect(store.deactivated(null)).toBeNull();
    http.verify();
  });
});
