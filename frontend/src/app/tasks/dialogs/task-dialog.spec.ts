import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ApplicationRef, provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { task } from '../testing/fixtures';
import { TaskDialog, TaskDialogData } from './task-dialog';
import { provideLocaleDates } from '../../shared/time/locale-dates';

/**
 * The task dialog opened the way the app opens it (MatDialog, zoneless): a dialog binds its
 * children's inputs on its first change detection, after they are constructed.
 */
describe('TaskDialog («Новая задача» / «Задача»)', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideLocaleDates(),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    TestBed.inject(MatDialog).closeAll();
    http.match(() => true).forEach((r) => r.flush([]));
  });

  async function open(data: TaskDialogData): Promise<HTMLInputElement> {
    TestBed.inject(MatDialog).open(TaskDialog, { data });
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve));
      await TestBed.inject(ApplicationRef).whenStable();
    }
    return document.querySelector<HTMLInputElement>('app-link-picker input')!;
  }

  it('«Добавить задачу» on a deal card shows the deal in «Привязать к», fixed', async () => {
    const picker = await open({ link: { kind: 'deal', id: 'd1', name: 'Поставка станков' } });
    expect(picker.value).toBe('Поставка станков');
    expect(picker.readOnly).toBe(true);
    expect(document.querySelector('app-link-picker button[aria-label="Отвязать"]')).toBeNull();
  });

  it('an edited task shows what it is linked to, and may be unlinked', async () => {
    const picker = await open({
      task: task('t1', { link: { kind: 'company', id: 'c1', name: 'ООО «Ромашка»' } }),
    });
    expect(picker.value).toBe('ООО «Ромашка»');
    expect(picker.readOnly).toBe(false);
  });
});
