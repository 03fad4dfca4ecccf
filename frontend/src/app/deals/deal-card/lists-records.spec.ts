import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { retryPause } from './lists-records';

const failure = (status: number, retryAfter?: string) =>
  new HttpErrorResponse({
    status,
    headers: retryAfter ? new HttpHeaders({ 'Retry-After': retryAfter }) : new HttpHeaders(),
  });

describe('retryPause (how the deal card reads a record again)', () => {
  it('follows the server: Retry-After on 503 and 429, in seconds', () => {
    expect(retryPause(failure(503, '5'), 1)).toBe(5000);
    expect(retryPause(failure(429, '2'), 3)).toBe(2000);
  });

  it('a Retry-After too long for a card is not waited for', () => {
    expect(retryPause(failure(503, '3600'), 1)).toBeNull();
  });

  it('a 404, no answer or a gateway error: a growing pause', () => {
    expect([1, 2, 3].map((n) => retryPause(failure(404), n))).toEqual([300, 600, 1200]);
    expect(retryPause(failure(0), 1)).toBe(300);
    expect(retryPause(failure(503), 2)).toBe(600);
  });

  it('what waiting will not change is not retried', () => {
    expect(retryPause(failure(403), 1)).toBeNull();
    expect(retryPause(failure(400), 1)).toBeNull();
    expect(retryPause(new Error('boom'), 1)).toBeNull();
  });
});
