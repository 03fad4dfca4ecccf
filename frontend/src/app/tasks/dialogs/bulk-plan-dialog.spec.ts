import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ApplicationRef, provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { firstValueFrom } from 'rxjs';
import { I18n } from '../../shared/i18n/i18n';
import { settle } from '../../shared/testing/settle';
import { provideLocaleDates } from '../../shared/time/locale-dates';
import { PlannedTask } from '../data-access/models';
import { BulkPlanDialog, BulkPlanDialogData } from './bulk-plan-dialog';

/** «Запланировать задачу» for the deals selected in the deals table. */
describe('BulkPlanDialog («Запланировать задачу»)', () => {
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
    TestBed.inject(I18n).use('ru');
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    TestBed.inject(MatDialog).closeAll();
    http.match(() => true).forEach((r) => r.flush([]));
  });

  it('says on how many deals, offers «Ответственный сделки», and gives the task without a link or responsible', async () => {
    const ref = TestBed.inject(MatDialog).open<BulkPlanDialog, BulkPlanDialogData, PlannedTask>(
      BulkPlanDialog,
      { data: { count: 7 } },
    );
    const closed = firstValueFrom(ref.afterClosed());
    await settle(TestBed.inject(ApplicationRef));
    const dialog = document.querySelector('app-bulk-plan-dialog')!;
    expect(dialog.querySelector('[data-testid="bulk-plan-count"]')!.textContent).toContain('7');
    expect(
      dialog.querySelector('mat-select[formcontrolname="responsibleId"]')!.textContent,
    ).toContain('Ответственный сделки');

    // nothing to do said: not planned
    dialog.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await settle(TestBed.inject(ApplicationRef));
    expect(document.querySelector('app-bulk-plan-dialog')).not.toBeNull();

    const text = dialog.querySelector<HTMLTextAreaElement>('textarea')!;
    text.value = '  Позвонить по списку ';
    text.dispatchEvent(new Event('input'));
    dialog.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    const task = (await closed)!;
    expect(task.text).toBe('Позвонить по списку');
    expect(task.allDay).toBe(false);
    expect(task.dueAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(task).not.toHaveProperty('responsibleId');
    expect(task).not.toHaveProperty('linkKind');
    expect(task).not.toHaveProperty('linkId');
  });
});
