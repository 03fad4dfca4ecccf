import { readFileSync } from 'node:fs';
import { Page, expect, test } from '@playwright/test';
import { postCreated as post, signIn } from './session';

/**
 * «Экспорт» of the deals table «Список» (issue 14, item 6), in Chromium against the real app: the view
 * built in the table (a search, a column filter, a sort) selects more deals than one page holds; the
 * file has every one of them, in the view's order and columns, as Excel reads it (UTF-8 with a BOM,
 * «;» and a decimal comma).
 */
const run = Date.now();
const PIPELINE = `Экспорт ${run}`;
const COUNT = 60; // budgets 10…600: «от 100» keeps 51, more than the table's page of 50

/** A pipeline of our own with COUNT deals in its first stage, deal i with a budget of i × 10. */
async function seed(page: Page): Promise<void> {
  const pipeline = await post<{ id: string; stages: { id: string; kind: string }[] }>(
    page,
    '/api/pipelines',
    { name: PIPELINE, kind: 'sales' },
  );
  const first = pipeline.stages.find((s) => s.kind === 'open')!;
  for (let i = 1; i <= COUNT; i++) {
    await post(page, '/api/deals', {
      pipelineId: pipeline.id,
      stageId: first.id,
      name: `Выгрузка ${run} ${String(i).padStart(2, '0')}`,
      budget: i * 10,
    });
  }
}

const table = (page: Page) => page.getByTestId('deals-table');
/** The table's own search by name, not the top bar's global search. */
const search = (page: Page) =>
  page.getByRole('searchbox', { name: 'Поиск по названию сделки', exact: true });

test('«Экспорт» of the deals table writes every deal of the view, not one page, and reads back', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page);
  await seed(page);

  await test.step('the view: this run by name, «Бюджет» from 100, the largest first', async () => {
    await page.goto('/deals/list');
    await expect(table(page)).toBeVisible();
    await search(page).fill(String(run));
    await expect(page).toHaveURL(new RegExp(`f\\.name=~${run}`));
    await table(page).getByRole('button', { name: 'Фильтр столбца «Бюджет»' }).click();
    const filter = page.getByTestId('filter-panel');
    await filter.getByLabel('От', { exact: true }).fill('100');
    await filter.getByLabel('От', { exact: true }).press('Enter');
    await expect(page).toHaveURL(/f\.budget=100\.\./);
    await table(page).getByRole('button', { name: 'Сортировать по столбцу «Бюджет»' }).click();
    await table(page).getByRole('button', { name: 'Сортировать по столбцу «Бюджет»' }).click();
    await expect(page).toHaveURL(/sort=-budget/);
    await expect(page.getByTestId('table-totals')).toContainText('Найдено: 51');
    await expect(table(page).locator('tr[data-row]').first()).toContainText(`Выгрузка ${run} 60`);
    // one page is loaded: the export must not be limited to it
    await expect(table(page).locator('tr[data-row]')).toHaveCount(50);
  });

  await test.step('«Экспорт» → CSV with semicolons, read back', async () => {
    await page.getByTestId('export-menu').click();
    const download = page.waitForEvent('download');
    await page.getByTestId('export-csv-semicolon').click();
    const text = readFileSync((await (await download).path())!, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = text
      .slice(1)
      .trim()
      .split('\r\n')
      .map((r) => r.split(';'));
    // the table's default columns, in its order; the money column brings its currency
    expect(rows[0]).toEqual([
      'Название',
      'Этап',
      'Воронка',
      'Бюджет',
      'Валюта',
      'Ответственный',
      'Компания',
      'Контакт',
      'Ближайшая задача',
      'Изменена',
    ]);
    const deals = rows.slice(1);
    expect(deals).toHaveLength(51);
    const expected = Array.from({ length: 51 }, (_, k) => 60 - k);
    expect(deals.map((r) => r[0])).toEqual(
      expected.map((i) => `Выгрузка ${run} ${String(i).padStart(2, '0')}`),
    );
    expect(deals.map((r) => r[3])).toEqual(expected.map((i) => `${i * 10},00`));
    expect(deals.every((r) => r[2] === PIPELINE && r[4] === 'RUB')).toBe(true);
  });
});
