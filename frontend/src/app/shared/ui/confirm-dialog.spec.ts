import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';
import { I18n } from '../i18n/i18n';
import { Confirmation } from './confirm-dialog';

describe('Confirmation', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        // the dialog closes at once, without animations jsdom never ends
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    TestBed.inject(I18n).use('ru');
  });

  afterEach(() => TestBed.inject(MatDialog).closeAll());

  /** Asks, waits for the dialog, reads it and presses the button labelled `press`. */
  async function answer(
    question: Parameters<Confirmation['ask']>[0],
    press: string,
  ): Promise<{ text: string; yes: boolean }> {
    const asked = TestBed.inject(Confirmation).ask(question);
    let dialog!: Element;
    await vi.waitFor(() => {
      dialog = document.querySelector('mat-dialog-container')!;
      expect(dialog?.textContent).toContain(question.message);
    });
    const text = dialog.textContent ?? '';
    [...dialog.querySelectorAll<HTMLButtonElement>('button')]
      .find((b) => b.textContent?.trim() === press)!
      .click();
    return { text, yes: await asked };
  }

  it('shows the texts given, «Отмена» unless told, and says yes only on the confirm button', async () => {
    const question = { title: 'Удалить тег?', message: 'Тег будет снят.', confirm: 'Удалить' };
    const yes = await answer(question, 'Удалить');
    expect(yes).toEqual({ text: expect.stringContaining('Удалить тег?') as string, yes: true });
    expect(yes.text).toContain('Отмена');

    expect((await answer(question, 'Отмена')).yes).toBe(false);
  });

  it('takes another cancel text', async () => {
    const said = await answer(
      { title: 'Закрыть задачи?', message: 'Открытых: 2.', confirm: 'Да', cancel: 'Нет' },
      'Нет',
    );
    expect(said.text).not.toContain('Отмена');
    expect(said.yes).toBe(false);
  });
});
