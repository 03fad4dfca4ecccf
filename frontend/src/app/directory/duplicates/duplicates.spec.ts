import { HttpErrorResponse } from '@angular/common/http';
import { ApplicationRef, provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { Router, provideRouter } from '@angular/router';
import { settle } from '../../shared/testing/settle';
import { Duplicate } from '../data-access/models';
import { DuplicatesDialog } from './duplicates-dialog';
import { duplicatesOf, saveCheckingDuplicates } from './duplicates';

const petr: Duplicate = {
  kind: 'contact',
  id: 'c1',
  name: 'Иванов Пётр',
  matchedOn: 'phone',
  value: '+7 916 123-45-67',
};

const conflict = (body: unknown) => new HttpErrorResponse({ status: 409, error: body });

describe('duplicates', () => {
  let dialog: MatDialog;
  let router: Router;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideRouter([])],
    });
    dialog = TestBed.inject(MatDialog);
    router = TestBed.inject(Router);
  });

  afterEach(() => dialog.closeAll());

  const overlay = () => document.querySelector<HTMLElement>('app-duplicates-dialog')!;
  const button = (text: string) =>
    [...overlay().querySelectorAll<HTMLButtonElement>('button')].find((b) =>
      b.textContent?.includes(text),
    )!;

  it('reads the existing records of a 409 "Possible duplicate", and nothing else', () => {
    expect(duplicatesOf(conflict({ title: 'Possible duplicate', duplicates: [petr] }))).toEqual([
      petr,
    ]);
    expect(duplicatesOf(conflict(JSON.stringify({ duplicates: [petr] })))).toEqual([petr]);
    // A stale version is a 409 too, without duplicates.
    expect(duplicatesOf(conflict({ title: 'Conflict' }))).toBeNull();
    expect(
      duplicatesOf(new HttpErrorResponse({ status: 400, error: { duplicates: [petr] } })),
    ).toBeNull();
    expect(duplicatesOf(conflict({ duplicates: [{ id: 1 }] }))).toBeNull();
  });

  it('shows the duplicates with what matched, and «Сохранить всё равно» saves with confirmDuplicate', async () => {
    const calls: boolean[] = [];
    const result = saveCheckingDuplicates(dialog, router, async (confirm) => {
      calls.push(confirm);
      if (!confirm) {
        throw conflict({ status: 409, duplicates: [petr] });
      }
      return 'saved';
    });
    await settle(TestBed.inject(ApplicationRef), { timers: 50 });

    expect(overlay().textContent).toContain('Такая запись уже есть');
    const item = overlay().querySelector('[data-testid=duplicate]')!;
    expect(item.textContent).toContain('Иванов Пётр');
    expect(item.textContent).toContain('совпал телефон: +7 916 123-45-67');

    button('Сохранить всё равно').click();
    expect(await result).toBe('saved');
    expect(calls).toEqual([false, true]);
  });

  it('«Открыть» goes to the existing record instead of saving', async () => {
    const navigate = vi.spyOn(router, 'navigate').mockResolvedValue(true);
    let attempts = 0;
    const result = saveCheckingDuplicates(dialog, router, async () => {
      attempts++;
      throw conflict({ duplicates: [petr] });
    });
    await settle(TestBed.inject(ApplicationRef), { timers: 50 });

    button('Открыть').click();
    expect(await result).toBeNull();
    expect(attempts).toBe(1);
    expect(navigate).toHaveBeenCalledWith(['/lists', 'contacts', 'c1']);
  });

  it('other errors go back to the form', async () => {
    const invalid = new HttpErrorResponse({ status: 400, error: { errors: { name: ['Пусто'] } } });
    await expect(
      saveCheckingDuplicates(dialog, router, () => Promise.reject(invalid)),
    ).rejects.toBe(invalid);
    expect(dialog.openDialogs.length).toBe(0);
    expect(DuplicatesDialog).toBeTruthy();
  });
});
