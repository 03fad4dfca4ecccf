import { Page, expect, test } from '@playwright/test';
import { postCreated as post, signIn } from './session';

/**
 * The tasks table «Список» of the organizer (issue 14), in Chromium against the real app: «Поиск и
 * фильтр» → «Просроченные», a task completed from its row with its result leaves the filter; the
 * view lives in the URL.
 */
const run = Date.now();
const LATE = `Просроченный звонок ${run}`;
const LATER = `Звонок на завтра ${run}`;
const CALL = '0193a000-0000-7000-8000-000000000001';

async function seed(page: Page): Promise<void> {
  const hour = 60 * 60 * 1000;
  await post(page, '/api/tasks', {
    typeId: CALL,
    text: LATE,
    dueAt: new Date(Date.now() - 2 * hour).toISOString(),
  });
  await post(page, '/api/tasks', {
    typeId: CALL,
    text: LATER,
    dueAt: new Date(Date.now() + 24 * hour).toISOString(),
  });
}

const table = (page: Page) => page.getByTestId('tasks-table');
/** The table's own search by text, not the top bar's global search. */
const search = (page: Page) =>
  page.getByRole('searchbox', { name: 'Поиск по тексту задачи', exact: true });
const row = (page: Page, text: string) =>
  table(page).locator('tr[data-row]').filter({ hasText: text });

test('the tasks table: «Просроченные», a task completed from its row leaves the filter', async ({
  page,
}) => {
  await test.step('the organizer’s «Список»', async () => {
    await signIn(page);
    await seed(page);
    await page.goto('/tasks');
    await page.getByRole('link', { name: 'Список', exact: true }).click();
    await expect(page).toHaveURL(/\/tasks\/list$/);
    await expect(table(page)).toBeVisible();
  });

  await test.step('«Поиск и фильтр» → «Просроченные», narrowed to this run by text', async () => {
    await page.getByTestId('search-panel-button').click();
    const panel = page.getByTestId('search-panel');
    await panel.getByRole('button', { name: 'Просроченные' }).click();
    await expect(panel).toBeHidden();
    await expect(page).toHaveURL(/ready=overdue/);
    await search(page).fill(String(run));
    await expect(page).toHaveURL(new RegExp(`f\\.text=~${run}`));
    await expect(row(page, LATE)).toBeVisible();
    await expect(row(page, LATER)).toHaveCount(0);
    await expect(page.getByTestId('table-totals')).toContainText('Найдено: 1');
  });

  await test.step('completed from its row with a result: it leaves «Просроченные»', async () => {
    await row(page, LATE).getByTestId('complete-task').click();
    const dialog = page.getByRole('dialog', { name: 'Выполнение задачи' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('checkbox', { name: /следующ/i }).uncheck();
    // The result is required.
    await dialog.getByRole('button', { name: 'Выполнить' }).click();
    await expect(dialog.getByText('Заполните поле')).toBeVisible();
    await dialog.getByLabel('Результат').fill('Дозвонился, договорились о встрече');
    await dialog.getByRole('button', { name: 'Выполнить' }).click();
    await expect(dialog).toBeHidden();
    await expect(row(page, LATE)).toHaveCount(0);
  });

  await test.step('the view is in the URL: a reload shows the same, the done task is in «Выполненные на этой неделе»', async () => {
    await page.reload();
    await expect(search(page)).toHaveValue(String(run));
    await expect(row(page, LATE)).toHaveCount(0);
    await page.getByTestId('search-panel-button').click();
    await page
      .getByTestId('search-panel')
      .getByRole('button', { name: 'Выполненные на этой неделе' })
      .click();
    await expect(page).toHaveURL(/ready=done-this-week/);
    await search(page).fill(String(run));
    await expect(row(page, LATE)).toContainText('Дозвонился, договорились о встрече');
  });
});
