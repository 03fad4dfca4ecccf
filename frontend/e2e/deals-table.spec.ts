import { Page, expect, test } from '@playwright/test';
import { postCreated as post, signIn } from './session';

/**
 * The deals table «Список» (issue 14), in Chromium against the real app: all pipelines at once,
 * «Поиск и фильтр» → «Сделки без задач», a task planned from a row takes the deal out of the
 * filter; sort and column filters live in the URL, so a reload shows the same view; a view saved
 * in the panel opens again from it.
 */
const run = Date.now();
const PIPELINE = `Таблица ${run}`;
const BARE = `Без задачи ${run}`;
const RICH = `Дорогая ${run}`;
const TASK = `Позвонить по таблице ${run}`;

/** A pipeline of our own with two deals in its first stage, neither with a task. */
async function seed(page: Page): Promise<void> {
  const pipeline = await post<{ id: string; stages: { id: string; kind: string }[] }>(
    page,
    '/api/pipelines',
    { name: PIPELINE, kind: 'sales' },
  );
  const first = pipeline.stages.find((s) => s.kind === 'open')!;
  await post(page, '/api/deals', {
    pipelineId: pipeline.id,
    stageId: first.id,
    name: BARE,
    budget: 50,
  });
  await post(page, '/api/deals', {
    pipelineId: pipeline.id,
    stageId: first.id,
    name: RICH,
    budget: 500,
  });
}

const table = (page: Page) => page.getByTestId('deals-table');
/** The table's own search by name, not the top bar's global search. */
const search = (page: Page) =>
  page.getByRole('searchbox', { name: 'Поиск по названию сделки', exact: true });
const row = (page: Page, name: string) =>
  table(page).locator('tr[data-row]').filter({ hasText: name });

test('the deals table: «Сделки без задач», a task planned from a row, the view kept in the URL', async ({
  page,
}) => {
  await test.step('all pipelines in «Список»', async () => {
    await signIn(page);
    await seed(page);
    await page.goto('/deals/list');
    await expect(page.getByRole('heading', { level: 1, name: 'Все воронки' })).toBeVisible();
    await expect(table(page)).toBeVisible();
  });

  await test.step('«Поиск и фильтр» → «Сделки без задач», narrowed to this run by name', async () => {
    await page.getByTestId('search-panel-button').click();
    const panel = page.getByTestId('search-panel');
    await panel.getByRole('button', { name: 'Сделки без задач' }).click();
    await expect(panel).toBeHidden();
    await expect(page).toHaveURL(/f\.nextTask=empty/);
    await expect(page).toHaveURL(/f\.closed=empty/);
    await search(page).fill(String(run));
    await expect(page).toHaveURL(new RegExp(`f\\.name=~${run}`));
    await expect(row(page, BARE)).toBeVisible();
    await expect(row(page, RICH)).toBeVisible();
    await expect(page.getByTestId('table-totals')).toContainText('Найдено: 2');
  });

  await test.step('a task planned from the row: the deal leaves the filter', async () => {
    await row(page, BARE).getByTestId('plan-task').click();
    const dialog = page.getByRole('dialog', { name: 'Новая задача' });
    await expect(dialog.getByLabel('Привязать к')).toHaveValue(BARE);
    await dialog.getByLabel('Что сделать').fill(TASK);
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await expect(dialog).toBeHidden();
    await expect(row(page, BARE)).toHaveCount(0);
    await expect(row(page, RICH)).toBeVisible();
    await expect(page.getByTestId('table-totals')).toContainText('Найдено: 1');
    // The server agrees: read again, the deal stays out (it has a task now).
    await page.reload();
    await expect(row(page, RICH)).toBeVisible();
    await expect(row(page, BARE)).toHaveCount(0);
  });

  await test.step('sort by budget, filter the budget, reload: the same view', async () => {
    // Back to every deal of this run (the ready filter «Все сделки» keeps nothing but the sort).
    await page.getByTestId('search-panel-button').click();
    await page.getByTestId('search-panel').getByRole('button', { name: 'Все сделки' }).click();
    await search(page).fill(String(run));
    await expect(row(page, BARE)).toBeVisible();
    await expect(row(page, RICH)).toBeVisible();

    await table(page).getByRole('button', { name: 'Сортировать по столбцу «Бюджет»' }).click();
    await expect(page).toHaveURL(/sort=budget/);
    await table(page).getByRole('button', { name: 'Сортировать по столбцу «Бюджет»' }).click();
    await expect(page).toHaveURL(/sort=-budget/);
    await expect(table(page).locator('tr[data-row]').first()).toContainText(RICH);

    await table(page).getByRole('button', { name: 'Фильтр столбца «Бюджет»' }).click();
    const filter = page.getByTestId('filter-panel');
    await filter.getByLabel('От', { exact: true }).fill('100');
    await filter.getByLabel('От', { exact: true }).press('Enter');
    await expect(filter).toBeHidden();
    await expect(page).toHaveURL(/f\.budget=100\.\./);
    await expect(row(page, BARE)).toHaveCount(0);
    await expect(row(page, RICH)).toBeVisible();

    const url = page.url();
    await page.reload();
    expect(page.url()).toBe(url);
    await expect(row(page, RICH)).toBeVisible();
    await expect(row(page, BARE)).toHaveCount(0);
    await expect(page.getByTestId('filter-chip').filter({ hasText: 'Бюджет' })).toContainText(
      'от 100',
    );
    await expect(table(page).locator('th[data-column="budget"]')).toHaveAttribute(
      'aria-sort',
      'descending',
    );
    await expect(search(page)).toHaveValue(String(run));
  });
});

test('a view saved in «Поиск и фильтр» opens again from it', async ({ page }) => {
  await signIn(page);
  const name = `Мой вид ${run}`;
  await page.goto(`/deals/list?sort=-budget&f.name=~${run}`);
  await expect(table(page)).toBeVisible();
  await page.getByTestId('search-panel-button').click();
  const panel = page.getByTestId('search-panel');
  await panel.getByLabel('Название фильтра').fill(name);
  await panel.getByRole('button', { name: 'Сохранить текущий вид' }).click();
  await expect(panel.getByTestId('saved-filters')).toContainText(name);

  await page.goto('/deals/list');
  await page.getByTestId('search-panel-button').click();
  await page.getByTestId('search-panel').getByRole('button', { name, exact: true }).click();
  await expect(page).toHaveURL(/sort=-budget/);
  await expect(page).toHaveURL(new RegExp(`f\\.name=~${run}`));
  await expect(search(page)).toHaveValue(String(run));
});

test('selected rows move to another stage at once; the report says what changed', async ({
  page,
}) => {
  await signIn(page);
  const name = `Пачка ${run}`;
  const pipeline = await post<{ id: string; stages: { id: string; name: string; kind: string }[] }>(
    page,
    '/api/pipelines',
    { name: `Пакетная ${run}`, kind: 'sales' },
  );
  const first = pipeline.stages.find((s) => s.kind === 'open')!;
  const second = { name: `Переговоры ${run}` };
  await post(page, `/api/pipelines/${pipeline.id}/stages`, {
    name: second.name,
    color: '#ffcc66',
    kind: 'open',
    probability: 50,
  });
  for (const n of [1, 2, 3]) {
    await post(page, '/api/deals', {
      pipelineId: pipeline.id,
      stageId: first.id,
      name: `${name} ${n}`,
    });
  }
  await page.goto(`/deals/list?pipeline=${pipeline.id}&sort=name`);
  await expect(table(page).locator('tr[data-row]')).toHaveCount(3);

  for (const n of [1, 3]) {
    await row(page, `${name} ${n}`).getByRole('checkbox').check();
  }
  const bar = page.getByTestId('bulk-bar');
  await bar.getByRole('button', { name: 'Перенести на этап' }).click();
  await page.getByRole('menuitem', { name: second.name }).click();

  await expect(page.getByTestId('bulk-result')).toContainText('Изменено: 2');
  await expect(bar).toBeHidden();
  const stageOf = (n: number) => row(page, `${name} ${n}`).locator('td.cdk-column-stage');
  await expect(stageOf(1)).toHaveText(second.name);
  await expect(stageOf(3)).toHaveText(second.name);
  await expect(stageOf(2)).toHaveText(first.name);
});

test('all that the filter selects, beyond the page, change in a background job confirmed with the count', async ({
  page,
}) => {
  await signIn(page);
  const name = `Вся выборка ${run}`;
  const pipeline = await post<{ id: string; stages: { id: string; name: string; kind: string }[] }>(
    page,
    '/api/pipelines',
    { name: `Выборка ${run}`, kind: 'sales' },
  );
  const first = pipeline.stages.find((s) => s.kind === 'open')!;
  const second = { name: `Договор ${run}` };
  await post(page, `/api/pipelines/${pipeline.id}/stages`, {
    name: second.name,
    color: '#99ccff',
    kind: 'open',
    probability: 60,
  });
  for (let n = 1; n <= 60; n++) {
    await post(page, '/api/deals', {
      pipelineId: pipeline.id,
      stageId: first.id,
      name: `${name} ${String(n).padStart(2, '0')}`,
    });
  }
  await page.goto(`/deals/list?pipeline=${pipeline.id}&sort=name`);
  // a page of 50 of the 60
  await expect(table(page).locator('tr[data-row]')).toHaveCount(50);

  await row(page, `${name} 01`).getByRole('checkbox').check();
  const bar = page.getByTestId('bulk-bar');
  await bar.getByTestId('bulk-select-all').click();
  await expect(bar.getByTestId('bulk-all')).toContainText('60');
  await bar.getByRole('button', { name: 'Перенести на этап' }).click();
  await page.getByRole('menuitem', { name: second.name }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('60');
  await dialog.getByRole('button', { name: 'Изменить' }).click();

  await expect(page.getByTestId('bulk-result')).toContainText('Изменено: 60');
  await expect(bar).toBeHidden();
  await expect(table(page).locator('td.cdk-column-stage').first()).toHaveText(second.name);
  await expect(table(page).locator('td.cdk-column-stage', { hasText: first.name })).toHaveCount(0);
});

test('«Сделки без задач»: a task planned on the selected rows at once takes them out of the filter', async ({
  page,
}) => {
  await signIn(page);
  const name = `Обзвон ${run}`;
  const pipeline = await post<{ id: string; stages: { id: string; kind: string }[] }>(
    page,
    '/api/pipelines',
    { name: `Обзвон ${run}`, kind: 'sales' },
  );
  const first = pipeline.stages.find((s) => s.kind === 'open')!;
  for (const n of [1, 2, 3]) {
    await post(page, '/api/deals', {
      pipelineId: pipeline.id,
      stageId: first.id,
      name: `${name} ${n}`,
    });
  }
  await page.goto(`/deals/list?pipeline=${pipeline.id}&sort=name&f.nextTask=empty&f.closed=empty`);
  await expect(table(page).locator('tr[data-row]')).toHaveCount(3);

  for (const n of [1, 3]) {
    await row(page, `${name} ${n}`).getByRole('checkbox').check();
  }
  const bar = page.getByTestId('bulk-bar');
  await bar.getByRole('button', { name: 'Запланировать задачу' }).click();
  const dialog = page.getByRole('dialog', { name: 'Запланировать задачу' });
  await expect(dialog.getByTestId('bulk-plan-count')).toContainText('2');
  await dialog.getByLabel('Что сделать').fill(`Позвонить списком ${run}`);
  await dialog.getByRole('button', { name: 'Запланировать' }).click();
  await expect(dialog).toBeHidden();

  await expect(page.getByTestId('bulk-result')).toContainText('Задача поставлена в сделки: 2');
  await expect(bar).toBeHidden();
  // Deals learns of the tasks from Tasks' events: the rows leave «без задач» once it has
  await expect(row(page, `${name} 1`)).toHaveCount(0);
  await expect(row(page, `${name} 3`)).toHaveCount(0);
  await expect(row(page, `${name} 2`)).toBeVisible();
  await page.reload();
  await expect(table(page).locator('tr[data-row]')).toHaveCount(1);
  await expect(row(page, `${name} 2`)).toBeVisible();
});
